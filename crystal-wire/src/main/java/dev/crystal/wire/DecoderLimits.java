package dev.crystal.wire;

/**
 * Input limits every decoder enforces before it trusts a byte. Immutable.
 *
 * @param maxBodyBytes       largest body (after decompression) or frame accepted
 * @param maxNestingDepth    deepest nesting of objects and lists
 * @param maxStringLength    longest string, in bytes or characters
 * @param maxYamlAliases     most YAML aliases to collections in one document (billion-laughs guard)
 */
public record DecoderLimits(int maxBodyBytes, int maxNestingDepth, int maxStringLength, int maxYamlAliases) {
    /** Default largest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default deepest nesting: 32. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    /** Default longest string: 64 KiB. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 64 * 1024;
    /** Default most YAML aliases to collections: 10. */
    public static final int DEFAULT_MAX_YAML_ALIASES = 10;

    public DecoderLimits {
        if (maxBodyBytes < 64) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 64, was " + maxBodyBytes);
        }
        if (maxNestingDepth < 2) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 2, was " + maxNestingDepth);
        }
        if (maxStringLength < 16) {
            throw new IllegalArgumentException("maxStringLength must be at least 16, was " + maxStringLength);
        }
        if (maxYamlAliases < 0) {
            throw new IllegalArgumentException("maxYamlAliases must not be negative, was " + maxYamlAliases);
        }
    }

    /** The default limits. */
    public static DecoderLimits defaults() {
        return new DecoderLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_YAML_ALIASES);
    }

    /** A copy with another body limit. */
    public DecoderLimits withMaxBodyBytes(int value) {
        return new DecoderLimits(value, maxNestingDepth, maxStringLength, maxYamlAliases);
    }

    /** A copy with another nesting limit. */
    public DecoderLimits withMaxNestingDepth(int value) {
        return new DecoderLimits(maxBodyBytes, value, maxStringLength, maxYamlAliases);
    }

    /** A copy with another string length limit. */
    public DecoderLimits withMaxStringLength(int value) {
        return new DecoderLimits(maxBodyBytes, maxNestingDepth, value, maxYamlAliases);
    }

    /** A copy with another YAML alias limit. */
    public DecoderLimits withMaxYamlAliases(int value) {
        return new DecoderLimits(maxBodyBytes, maxNestingDepth, maxStringLength, value);
    }
}
