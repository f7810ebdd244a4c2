package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Rate limiter settings: {@code permits} calls per {@code period}; a call waits at most {@code maxWait}
 * for a permit (on the worker thread), else it is refused with {@link CallOutcome.Refusal#RATE_LIMITED}.
 *
 * @param permits calls allowed per period
 * @param period  the refresh period
 * @param maxWait how long a call may wait for a permit (zero = refuse at once)
 */
public record RateLimitOptions(int permits, Duration period, Duration maxWait) {

    public RateLimitOptions {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(maxWait, "maxWait");
        if (period.isNegative() || period.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("period must be positive and maxWait not negative");
        }
    }

    /** {@code permits} per {@code period}, refusing at once when none is left. */
    public static RateLimitOptions of(int permits, Duration period) {
        return new RateLimitOptions(permits, period, Duration.ZERO);
    }
}
