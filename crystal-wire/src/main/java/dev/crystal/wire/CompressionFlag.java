package dev.crystal.wire;

import java.util.Objects;

/**
 * Compression (the seed's {@code enableCompression}): bodies at or above {@code thresholdBytes}
 * are compressed with {@code algorithm} for correlation ids in the rollout. Immutable.
 *
 * @param enabled           whether bodies are compressed at all
 * @param algorithm         LZ4 or ZSTD
 * @param thresholdBytes    smallest body compressed; smaller ones never are
 * @param rolloutPercentage share of correlation ids compressed, 0–100
 */
public record CompressionFlag(boolean enabled, CompressionId algorithm, int thresholdBytes, int rolloutPercentage) {
    public CompressionFlag {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm == CompressionId.NONE) {
            throw new IllegalArgumentException("algorithm must be LZ4 or ZSTD; disable the flag instead of NONE");
        }
        if (thresholdBytes < 1) {
            throw new IllegalArgumentException("thresholdBytes must be positive, was " + thresholdBytes);
        }
        RolloutBuckets.checkPercentage(rolloutPercentage);
    }

    /** The wire default: LZ4 at 1 KiB for everyone. */
    public static CompressionFlag defaults() {
        return new CompressionFlag(true, CompressionId.LZ4, WireSettings.DEFAULT_COMPRESSION_THRESHOLD, 100);
    }
}
