package dev.crystal.server.ops;

import java.time.Duration;
import java.util.Objects;

/**
 * When open dead letters make the platform's health {@code DEGRADED}: once at least {@code dlqDegradedCount}
 * open letters have waited longer than {@code dlqDegradedAfter}. Immutable.
 *
 * @param dlqDegradedAfter how long an open dead letter may wait before it counts ({@code serve --dlq-degraded-after})
 * @param dlqDegradedCount how many such letters make the health {@code DEGRADED} ({@code serve --dlq-degraded-count})
 */
public record HealthSettings(Duration dlqDegradedAfter, int dlqDegradedCount) {
    public static final Duration DEFAULT_DLQ_DEGRADED_AFTER = Duration.ofMinutes(5);
    public static final int DEFAULT_DLQ_DEGRADED_COUNT = 1;

    public HealthSettings {
        Objects.requireNonNull(dlqDegradedAfter, "dlqDegradedAfter");
        if (dlqDegradedAfter.isNegative()) {
            throw new IllegalArgumentException("--dlq-degraded-after must not be negative, was " + dlqDegradedAfter);
        }
        if (dlqDegradedCount < 1) {
            throw new IllegalArgumentException("--dlq-degraded-count must be at least 1, was " + dlqDegradedCount);
        }
    }

    /** 5 minutes, 1 letter. */
    public static HealthSettings defaults() {
        return new HealthSettings(DEFAULT_DLQ_DEGRADED_AFTER, DEFAULT_DLQ_DEGRADED_COUNT);
    }
}
