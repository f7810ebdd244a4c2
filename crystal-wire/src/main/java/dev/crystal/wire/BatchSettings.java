package dev.crystal.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * How a route batches frames: on or off, flush at {@code maxMessages} frames or when the oldest
 * waiting frame is {@code maxDelay} old. Immutable.
 *
 * @param enabled     whether frames wait for a batch at all
 * @param maxMessages frames per batch (at least 1)
 * @param maxDelay    longest a frame waits (positive)
 */
public record BatchSettings(boolean enabled, int maxMessages, Duration maxDelay) {
    /**
     * Default batch size when batching is switched on: 32 frames. The seed's 10 messages / 100 ms was the starting
     * point; 32 / 5 ms gave the highest throughput and the lowest p99 at saturation of the settings measured, and
     * adds about 3 ms (p50) at 1,000 messages/s (docs/benchmarks.md, "Stream batching (issue 17)").
     */
    public static final int DEFAULT_MAX_MESSAGES = 32;
    /** Default longest wait of a frame for its batch: 5 ms (see {@link #DEFAULT_MAX_MESSAGES}). */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(5);

    public BatchSettings {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive, was " + maxDelay);
        }
    }

    /** Batching off (each frame is sent alone). */
    public static BatchSettings disabled() {
        return new BatchSettings(false, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_DELAY);
    }

    /** Batching on with the defaults (32 frames / 5 ms). */
    public static BatchSettings defaults() {
        return new BatchSettings(true, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_DELAY);
    }
}
