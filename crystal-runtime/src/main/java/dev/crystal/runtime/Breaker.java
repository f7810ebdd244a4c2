package dev.crystal.runtime;

/**
 * A circuit breaker: after too many failures it opens and refuses calls, waits (longer each time it
 * re-opens), then lets a few trial calls through. Every state change is published on the runtime's
 * event bus as a {@link BreakerTransition}.
 */
public interface Breaker extends Guard {

    /** The current state. */
    BreakerState state();
}
