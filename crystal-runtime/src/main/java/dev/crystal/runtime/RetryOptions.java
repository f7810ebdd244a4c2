package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings for a retry {@link Guard}: up to {@code maxAttempts} tries, waiting {@code wait} after the
 * first failure and {@code multiplier} times longer after each further one. The waits block the worker
 * thread, which keeps the worker's message order.
 *
 * @param maxAttempts total attempts including the first
 * @param firstWait   wait after the first failure
 * @param multiplier  growth of the wait (1 = constant)
 */
public record RetryOptions(int maxAttempts, Duration firstWait, double multiplier) {

    public RetryOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(firstWait, "firstWait");
        if (firstWait.isNegative() || firstWait.isZero()) {
            throw new IllegalArgumentException("firstWait must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
    }

    /** {@code maxAttempts} tries with exponential back-off (doubling) from {@code wait}. */
    public static RetryOptions exponential(int maxAttempts, Duration firstWait) {
        return new RetryOptions(maxAttempts, firstWait, 2.0);
    }
}
