package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Circuit breaker settings.
 *
 * @param failureRateThreshold percentage of failed calls (1–100) in the window that opens the breaker
 * @param windowSize           how many recent calls the failure rate is computed over
 * @param minimumCalls         calls needed in the window before the rate is judged
 * @param openWait             how long the breaker stays open the first time
 * @param openWaitMultiplier   each consecutive re-opening waits this many times longer (≥ 1)
 * @param maxOpenWait          the longest open wait
 * @param halfOpenTrials       trial calls let through when half-open
 */
public record BreakerOptions(float failureRateThreshold, int windowSize, int minimumCalls, Duration openWait,
                             double openWaitMultiplier, Duration maxOpenWait, int halfOpenTrials) {

    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(5);
    public static final double DEFAULT_OPEN_WAIT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_OPEN_WAIT = Duration.ofMinutes(2);
    public static final int DEFAULT_HALF_OPEN_TRIALS = 3;

    public BreakerOptions {
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]");
        }
        if (windowSize < 1 || minimumCalls < 1 || halfOpenTrials < 1) {
            throw new IllegalArgumentException("windowSize, minimumCalls and halfOpenTrials must be at least 1");
        }
        Objects.requireNonNull(openWait, "openWait");
        Objects.requireNonNull(maxOpenWait, "maxOpenWait");
        if (openWait.isNegative() || openWait.isZero() || maxOpenWait.compareTo(openWait) < 0) {
            throw new IllegalArgumentException("need 0 < openWait <= maxOpenWait");
        }
        if (openWaitMultiplier < 1.0) {
            throw new IllegalArgumentException("openWaitMultiplier must be at least 1");
        }
    }

    public static BreakerOptions defaults() {
        return new BreakerOptions(DEFAULT_FAILURE_RATE_THRESHOLD, DEFAULT_WINDOW_SIZE, DEFAULT_MINIMUM_CALLS,
                DEFAULT_OPEN_WAIT, DEFAULT_OPEN_WAIT_MULTIPLIER, DEFAULT_MAX_OPEN_WAIT, DEFAULT_HALF_OPEN_TRIALS);
    }

    public BreakerOptions withFailureRateThreshold(float percent) {
        return new BreakerOptions(percent, windowSize, minimumCalls, openWait, openWaitMultiplier, maxOpenWait,
                halfOpenTrials);
    }

    public BreakerOptions withWindow(int size, int minimum) {
        return new BreakerOptions(failureRateThreshold, size, minimum, openWait, openWaitMultiplier, maxOpenWait,
                halfOpenTrials);
    }

    public BreakerOptions withOpenWait(Duration wait, double multiplier, Duration max) {
        return new BreakerOptions(failureRateThreshold, windowSize, minimumCalls, wait, multiplier, max,
                halfOpenTrials);
    }

    public BreakerOptions withHalfOpenTrials(int trials) {
        return new BreakerOptions(failureRateThreshold, windowSize, minimumCalls, openWait, openWaitMultiplier,
                maxOpenWait, trials);
    }
}
