package dev.crystal.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * All wire flag values at one moment. Immutable: a change produces a new snapshot, which
 * {@link WireFlags} swaps in atomically. Thread-safe.
 *
 * @param version        grows by one on every change
 * @param fallbackActive when true every message uses the codec fallback, no compression, no batching
 * @param codec          codec flags by scope; always has a global entry
 * @param compression    compression flags by scope; always has a global entry
 * @param batching       batching flags by scope; always has a global entry
 */
public record WireFlagSnapshot(long version, boolean fallbackActive, Map<FlagScope, CodecFlag> codec,
                               Map<FlagScope, CompressionFlag> compression, Map<FlagScope, BatchingFlag> batching) {
    public WireFlagSnapshot {
        codec = Map.copyOf(codec);
        compression = Map.copyOf(compression);
        batching = Map.copyOf(batching);
        if (!codec.containsKey(FlagScope.global()) || !compression.containsKey(FlagScope.global())
                || !batching.containsKey(FlagScope.global())) {
            throw new IllegalArgumentException("every flag needs a global value");
        }
    }

    /** Wire defaults: binary, LZ4 at 1 KiB, batching off. */
    public static WireFlagSnapshot defaults() {
        return new WireFlagSnapshot(0, false, Map.of(FlagScope.global(), CodecFlag.defaults()),
                Map.of(FlagScope.global(), CompressionFlag.defaults()),
                Map.of(FlagScope.global(), BatchingFlag.defaults()));
    }

    /**
     * How a message goes on the wire.
     *
     * @param source        sender address name
     * @param target        receiver address name
     * @param correlationId decides rollouts deterministically
     */
    public WireSettings resolve(String source, String target, String correlationId) {
        Objects.requireNonNull(correlationId, "correlationId");
        CodecFlag codecFlag = pick(codec, source, target);
        CompressionFlag compressionFlag = pick(compression, source, target);
        BatchingFlag batchingFlag = pick(batching, source, target);
        boolean codecOn = !fallbackActive && codecFlag.enabled()
                && RolloutBuckets.inRollout("codec", correlationId, codecFlag.rolloutPercentage());
        boolean compressionOn = !fallbackActive && compressionFlag.enabled()
                && RolloutBuckets.inRollout("compression", correlationId, compressionFlag.rolloutPercentage());
        boolean batchingOn = !fallbackActive && batchingFlag.enabled()
                && RolloutBuckets.inRollout("batching", correlationId, batchingFlag.rolloutPercentage());
        return new WireSettings(
                codecOn ? codecFlag.codec() : codecFlag.fallback(),
                compressionOn ? compressionFlag.algorithm() : CompressionId.NONE,
                compressionFlag.thresholdBytes(),
                new BatchSettings(batchingOn, batchingFlag.maxMessages(), batchingFlag.maxDelay()));
    }

    static <F> F pick(Map<FlagScope, F> flags, String source, String target) {
        if (flags.size() > 1) {
            if (source != null && target != null) {
                F route = flags.get(FlagScope.route(source, target));
                if (route != null) {
                    return route;
                }
            }
            if (target != null) {
                F domain = flags.get(FlagScope.domain(target));
                if (domain != null) {
                    return domain;
                }
            }
            if (source != null) {
                F domain = flags.get(FlagScope.domain(source));
                if (domain != null) {
                    return domain;
                }
            }
        }
        return flags.get(FlagScope.global());
    }

    /** The value of a flag at a scope, or null when the scope has none of its own. */
    public Object valueAt(FlagKind kind, FlagScope scope) {
        return switch (kind) {
            case CODEC -> codec.get(scope);
            case COMPRESSION -> compression.get(scope);
            case BATCHING -> batching.get(scope);
            case FALLBACK -> fallbackActive;
        };
    }

    /** A copy with one flag value set ({@code value == null} removes a non-global scope's value). */
    WireFlagSnapshot with(FlagKind kind, FlagScope scope, Object value) {
        if (value == null && scope == FlagScope.global()) {
            throw new IllegalArgumentException("the global value of " + kind + " cannot be removed");
        }
        return switch (kind) {
            case CODEC -> new WireFlagSnapshot(version + 1, fallbackActive, put(codec, scope, (CodecFlag) value),
                    compression, batching);
            case COMPRESSION -> new WireFlagSnapshot(version + 1, fallbackActive, codec,
                    put(compression, scope, (CompressionFlag) value), batching);
            case BATCHING -> new WireFlagSnapshot(version + 1, fallbackActive, codec, compression,
                    put(batching, scope, (BatchingFlag) value));
            case FALLBACK -> new WireFlagSnapshot(version + 1, (Boolean) value, codec, compression, batching);
        };
    }

    WireFlagSnapshot withVersion(long next) {
        return new WireFlagSnapshot(next, fallbackActive, codec, compression, batching);
    }

    private static <F> Map<FlagScope, F> put(Map<FlagScope, F> flags, FlagScope scope, F value) {
        Map<FlagScope, F> copy = new HashMap<>(flags);
        if (value == null) {
            copy.remove(scope);
        } else {
            copy.put(scope, value);
        }
        return copy;
    }
}
