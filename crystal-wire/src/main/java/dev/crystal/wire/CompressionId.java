package dev.crystal.wire;

import java.util.Locale;
import java.util.Optional;

/** The body compressions a frame can name. The byte code is written on the wire and never reused. Immutable. */
public enum CompressionId {
    /** Body stored as encoded. */
    NONE((byte) 0),
    /** LZ4 block compression: fastest, moderate ratio. */
    LZ4((byte) 1),
    /** Zstandard level 3: better ratio, slower than LZ4. */
    ZSTD((byte) 2);

    private final byte code;

    CompressionId(byte code) {
        this.code = code;
    }

    /** The byte written in the frame header. */
    public byte code() {
        return code;
    }

    /** The compression for a header byte, or empty when this reader does not know it. */
    public static Optional<CompressionId> fromCode(byte code) {
        for (CompressionId id : values()) {
            if (id.code == code) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Parses a configuration name such as {@code none}, {@code lz4} or {@code zstd}, case-insensitive. */
    public static CompressionId fromName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
