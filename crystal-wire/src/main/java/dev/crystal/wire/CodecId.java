package dev.crystal.wire;

import java.util.Locale;
import java.util.Optional;

/** The codecs a frame can name. The byte code is written on the wire and never reused. Immutable. */
public enum CodecId {
    /** Compact schema-driven binary codec; the wire default. */
    BINARY((byte) 1),
    /** Jackson JSON. */
    JSON((byte) 2),
    /** Jackson YAML; readable, slow, for people and tooling. */
    YAML((byte) 3);

    private final byte code;

    CodecId(byte code) {
        this.code = code;
    }

    /** The byte written in the frame header. */
    public byte code() {
        return code;
    }

    /** The codec for a header byte, or empty when this reader does not know it. */
    public static Optional<CodecId> fromCode(byte code) {
        for (CodecId id : values()) {
            if (id.code == code) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Parses a configuration name such as {@code binary}, {@code json} or {@code yaml}, case-insensitive. */
    public static CodecId fromName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
