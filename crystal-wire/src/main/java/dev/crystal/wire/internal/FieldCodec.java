package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;

/**
 * Writes and reads one value of one Java type in the binary codec. Instances are immutable once
 * the layout compiler has built them, and shared by all threads.
 */
abstract class FieldCodec {

    /** Writes the tag and the value; {@code value} is never null. */
    abstract void write(WireOutput out, Object value);

    /** Reads a value whose non-null tag has already been read. */
    abstract Object read(WireInput in, int tag, int depth, BinaryReadContext context);

    /** Value used when the field is absent or null; {@code null} except for primitives. */
    Object absentValue() {
        return null;
    }

    static WireException unexpectedTag(int tag, String expected) {
        return new WireException(WireError.MALFORMED_BODY, "expected " + expected + " but found tag " + tag);
    }
}
