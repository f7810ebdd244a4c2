package dev.crystal.runtime;

/** States of a {@link Breaker}. */
public enum BreakerState {
    /** Calls pass; failures are counted. */
    CLOSED,
    /** Calls are refused until the open wait has passed. */
    OPEN,
    /** A few trial calls pass; their outcome closes or re-opens the breaker. */
    HALF_OPEN
}
