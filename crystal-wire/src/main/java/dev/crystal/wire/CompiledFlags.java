package dev.crystal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WireFlagSnapshot} prepared for the per-frame path: the flags that apply to a (source, target) pair
 * are looked up once and kept with the eight {@link WireSettings} their on/off combinations give, so resolving a
 * frame is two map reads and at most three rollout hashes (none at 0 % or 100 %), and allocates nothing else.
 * Gives the same answers as {@link WireFlagSnapshot#resolve}. Thread-safe: immutable but for the pair cache,
 * a concurrent map that only grows (up to {@value #MAX_CACHED} pairs; beyond that pairs are resolved uncached).
 */
final class CompiledFlags implements WireSettingsResolver {
    private static final int MAX_CACHED = 4096;
    private static final String NONE = "";
    private static final byte[] CODEC = "codec:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMPRESSION = "compression:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCHING = "batching:".getBytes(StandardCharsets.UTF_8);

    /** The flags of one pair and the settings for each combination (bit 2 codec, 1 compression, 0 batching). */
    private record Choice(CodecFlag codec, CompressionFlag compression, BatchingFlag batching,
                          WireSettings[] settings, boolean partial) {
    }

    private final WireFlagSnapshot snapshot;
    private final Map<String, Map<String, Choice>> pairs = new ConcurrentHashMap<>();
    private final Choice global;
    private int cached;

    CompiledFlags(WireFlagSnapshot snapshot) {
        this.snapshot = snapshot;
        this.global = choice(null, null);
    }

    WireFlagSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public WireSettings resolve(String source, String target, String correlationId) {
        Choice choice = choiceOf(source, target);
        if (snapshot.fallbackActive()) {
            return choice.settings()[0];
        }
        // the correlation id's bytes, encoded once per frame and only when a partial rollout needs a hash
        byte[] id = choice.partial() ? correlationId.getBytes(StandardCharsets.UTF_8) : null;
        int index = 0;
        CodecFlag codec = choice.codec();
        if (codec.enabled() && inRollout(CODEC, id, codec.rolloutPercentage())) {
            index |= 4;
        }
        CompressionFlag compression = choice.compression();
        if (compression.enabled() && inRollout(COMPRESSION, id, compression.rolloutPercentage())) {
            index |= 2;
        }
        BatchingFlag batching = choice.batching();
        if (batching.enabled() && inRollout(BATCHING, id, batching.rolloutPercentage())) {
            index |= 1;
        }
        return choice.settings()[index];
    }

    private static boolean inRollout(byte[] flag, byte[] correlationId, int percentage) {
        if (percentage >= 100) {
            return true;
        }
        if (percentage <= 0) {
            return false;
        }
        return RolloutBuckets.bucket(flag, correlationId) < percentage;
    }

    private static boolean partial(int percentage) {
        return percentage > 0 && percentage < 100;
    }

    private Choice choiceOf(String source, String target) {
        if (snapshot.codec().size() == 1 && snapshot.compression().size() == 1 && snapshot.batching().size() == 1) {
            return global;
        }
        String s = source == null ? NONE : source;
        String t = target == null ? NONE : target;
        Map<String, Choice> byTarget = pairs.get(s);
        Choice choice = byTarget == null ? null : byTarget.get(t);
        if (choice != null) {
            return choice;
        }
        choice = choice(source, target);
        if (cached < MAX_CACHED) {
            // a lost increment only lets the cache grow a little past its bound
            cached++;
            pairs.computeIfAbsent(s, k -> new ConcurrentHashMap<>()).put(t, choice);
        }
        return choice;
    }

    private Choice choice(String source, String target) {
        CodecFlag codec = WireFlagSnapshot.pick(snapshot.codec(), source, target);
        CompressionFlag compression = WireFlagSnapshot.pick(snapshot.compression(), source, target);
        BatchingFlag batching = WireFlagSnapshot.pick(snapshot.batching(), source, target);
        WireSettings[] settings = new WireSettings[8];
        for (int i = 0; i < 8; i++) {
            boolean codecOn = (i & 4) != 0;
            boolean compressionOn = (i & 2) != 0;
            boolean batchingOn = (i & 1) != 0;
            settings[i] = new WireSettings(codecOn ? codec.codec() : codec.fallback(),
                    compressionOn ? compression.algorithm() : CompressionId.NONE, compression.thresholdBytes(),
                    new BatchSettings(batchingOn, batching.maxMessages(), batching.maxDelay()));
        }
        return new Choice(codec, compression, batching, settings, partial(codec.rolloutPercentage())
                || partial(compression.rolloutPercentage()) || partial(batching.rolloutPercentage()));
    }
}
