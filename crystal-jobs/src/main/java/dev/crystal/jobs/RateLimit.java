package dev.crystal.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} jobs started per {@code per} window. Immutable.
 *
 * @param max how many jobs may start in one window (at least 1)
 * @param per the window length (positive)
 */
public record RateLimit(int max, Duration per) {
    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (max < 1) {
            throw new IllegalArgumentException("rate limit max must be >= 1 but was " + max);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rate limit window must be positive but was " + per);
        }
    }

    /** {@code max} jobs per {@code per}. */
    public static RateLimit of(int max, Duration per) {
        return new RateLimit(max, per);
    }
}
