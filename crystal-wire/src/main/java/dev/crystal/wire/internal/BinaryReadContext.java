package dev.crystal.wire.internal;

import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;

/** Limits for one decode call, with the skip logic for values a reader does not know. Immutable. */
record BinaryReadContext(DecoderLimits limits) {

    void checkDepth(int depth) {
        if (depth > limits.maxNestingDepth()) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "nesting depth exceeds the limit of " + limits.maxNestingDepth());
        }
    }

    /** Skips one value with the given tag, e.g. a field added by a newer writer. */
    void skip(WireInput in, int tag, int depth) {
        checkDepth(depth);
        switch (tag) {
            case BinaryTag.NULL, BinaryTag.TRUE, BinaryTag.FALSE -> { }
            case BinaryTag.STRING, BinaryTag.ENUM -> in.skip(in.readLength(limits.maxStringLength(), "string length"));
            case BinaryTag.INTEGER, BinaryTag.LOCAL_DATE, BinaryTag.YEAR_MONTH -> in.readVarLong();
            case BinaryTag.DECIMAL, BinaryTag.INSTANT -> {
                in.readVarLong();
                in.readVarLong();
            }
            case BinaryTag.BIG_DECIMAL -> {
                in.readVarLong();
                in.skip(in.readLength(limits.maxStringLength(), "decimal length"));
            }
            case BinaryTag.DOUBLE -> in.skip(8);
            case BinaryTag.LIST, BinaryTag.RECORD -> {
                int count = in.readLength(in.remaining(), "element count");
                for (int i = 0; i < count; i++) {
                    skip(in, in.readUnsignedByte(), depth + 1);
                }
            }
            default -> throw new WireException(WireError.MALFORMED_BODY, "unknown value tag " + tag);
        }
    }
}
