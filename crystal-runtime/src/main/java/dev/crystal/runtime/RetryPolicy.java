package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failing handler is tried on the same message before the message is dead-lettered.
 * Retries run on the worker thread before the next message, so per-key order is kept; the wait
 * between attempts doubles from {@code initialBackoff} up to {@code maxBackoff}.
 *
 * @param maxAttempts    total attempts including the first (1 = no retry)
 * @param initialBackoff wait before the second attempt (zero = retry at once)
 * @param maxBackoff     longest wait between attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** {@code maxAttempts} attempts with exponential back-off from {@code initialBackoff} to {@code maxBackoff}. */
    public static RetryPolicy attempts(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }

    /** Wait before attempt number {@code attempt} (2 = first retry). */
    public Duration backoffBefore(int attempt) {
        if (attempt < 2 || initialBackoff.isZero()) {
            return Duration.ZERO;
        }
        long nanos = initialBackoff.toNanos() << Math.min(attempt - 2, 30);
        return nanos <= 0 || nanos > maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos(nanos);
    }
}
