package dev.crystal.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed job waits before its next attempt. Immutable.
 */
public sealed interface Backoff {

    /** No wait: a failed attempt goes straight back to waiting. */
    static Backoff none() {
        return new Fixed(Duration.ZERO);
    }

    /** The same delay before every retry. */
    static Backoff fixed(Duration delay) {
        return new Fixed(delay);
    }

    /** {@code base × 2^(attemptsMade-1)}: base, 2×base, 4×base, ... */
    static Backoff exponential(Duration base) {
        return new Exponential(base);
    }

    /** A strategy registered on the worker under {@code type} (see {@link WorkerOptions.Builder#backoffStrategy}). */
    static Backoff custom(String type) {
        return new Custom(type);
    }

    /** The same delay before every retry. */
    record Fixed(Duration delay) implements Backoff {
        public Fixed {
            requireNotNegative(delay);
        }
    }

    /** Doubling delays starting at {@code base}. */
    record Exponential(Duration base) implements Backoff {
        public Exponential {
            requireNotNegative(base);
        }
    }

    /** A named strategy the worker supplies. */
    record Custom(String type) implements Backoff {
        public Custom {
            Objects.requireNonNull(type, "type");
            if (type.isBlank() || type.contains(":")) {
                throw new IllegalArgumentException("custom backoff type must be non-blank and contain no ':' but was '" + type + "'");
            }
        }
    }

    private static void requireNotNegative(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("backoff delay must not be negative but was " + delay);
        }
    }
}
