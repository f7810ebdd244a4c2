package dev.crystal.wire;

/** The wire feature flags. Immutable. */
public enum FlagKind {
    /** {@link CodecFlag}. */
    CODEC,
    /** {@link CompressionFlag}. */
    COMPRESSION,
    /** {@link BatchingFlag}. */
    BATCHING,
    /** The fallback switch that turns every flag to its fallback at once. */
    FALLBACK
}
