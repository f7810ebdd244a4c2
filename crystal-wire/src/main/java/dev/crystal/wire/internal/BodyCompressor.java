package dev.crystal.wire.internal;

import dev.crystal.wire.CompressionId;

/** Compresses and restores frame bodies. Implementations are immutable and thread-safe. */
public interface BodyCompressor {

    /** The id written in the frame header. */
    CompressionId id();

    /** The compressed bytes. */
    byte[] compress(byte[] body);

    /**
     * Restores a body whose original length the frame header declares (already checked against
     * the body limit, so no decompression bomb can allocate more).
     *
     * @throws dev.crystal.wire.WireException MALFORMED_BODY when the data is corrupt or its length differs
     */
    byte[] decompress(byte[] compressed, int originalLength);

    /** The compressor for an id other than NONE. */
    static BodyCompressor of(CompressionId id) {
        return switch (id) {
            case LZ4 -> new Lz4BodyCompressor();
            case ZSTD -> new ZstdBodyCompressor();
            case NONE -> throw new IllegalArgumentException("NONE has no compressor");
        };
    }
}
