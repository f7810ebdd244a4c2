package dev.crystal.wire;

import java.util.Objects;

/**
 * Codec choice (the seed's {@code useYamlMessaging}, generalised): when enabled, messages whose
 * correlation id falls in the rollout use {@code codec}, all others use {@code fallback}. Immutable.
 *
 * @param enabled           whether {@code codec} is used at all
 * @param codec             codec for messages in the rollout
 * @param rolloutPercentage share of correlation ids in the rollout, 0–100
 * @param fallback          codec for everything else, and for every message during a fallback
 */
public record CodecFlag(boolean enabled, CodecId codec, int rolloutPercentage, CodecId fallback) {
    public CodecFlag {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(fallback, "fallback");
        RolloutBuckets.checkPercentage(rolloutPercentage);
    }

    /** The wire default: binary for everyone. */
    public static CodecFlag defaults() {
        return new CodecFlag(true, CodecId.BINARY, 100, CodecId.BINARY);
    }
}
