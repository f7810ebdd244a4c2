package dev.crystal.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * Batching (the seed's {@code enableBatching}): frames of correlation ids in the rollout wait for
 * a batch of {@code maxMessages} or {@code maxDelay}. Immutable.
 *
 * @param enabled           whether frames are batched at all
 * @param maxMessages       frames per batch
 * @param maxDelay          longest a frame waits
 * @param rolloutPercentage share of correlation ids batched, 0–100
 */
public record BatchingFlag(boolean enabled, int maxMessages, Duration maxDelay, int rolloutPercentage) {
    public BatchingFlag {
        Objects.requireNonNull(maxDelay, "maxDelay");
        new BatchSettings(enabled, maxMessages, maxDelay);
        RolloutBuckets.checkPercentage(rolloutPercentage);
    }

    /** The default: off; 32 frames / 5 ms when switched on without a size or delay. */
    public static BatchingFlag defaults() {
        return new BatchingFlag(false, BatchSettings.DEFAULT_MAX_MESSAGES, BatchSettings.DEFAULT_MAX_DELAY, 100);
    }
}
