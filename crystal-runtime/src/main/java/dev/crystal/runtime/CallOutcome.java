package dev.crystal.runtime;

import java.util.Objects;

/**
 * What a call made through a {@link Guard} came to. Refusals and failures are values, so a handler
 * switches over them instead of catching exceptions.
 *
 * @param <R> the call's result type
 */
public sealed interface CallOutcome<R> {

    /** The call ran and returned {@code value} (may be {@code null} for void-like calls). */
    record Done<R>(R value) implements CallOutcome<R> {
    }

    /** The guard did not run the call: {@code reason} says which guard refused and {@code detail} why. */
    record Refused<R>(Refusal reason, String detail) implements CallOutcome<R> {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The call ran (possibly several times) and failed with {@code error}. */
    record Failed<R>(Throwable error) implements CallOutcome<R> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Why a guard refused to run a call. */
    enum Refusal {
        /** The circuit breaker is open (or its half-open trials are taken). */
        CIRCUIT_OPEN,
        /** The rate limiter had no permit within its wait. */
        RATE_LIMITED
    }

    /** {@code true} for {@link Done}. */
    default boolean succeeded() {
        return this instanceof Done<R>;
    }
}
