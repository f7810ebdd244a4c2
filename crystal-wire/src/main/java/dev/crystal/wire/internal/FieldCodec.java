package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Writes and reads one value of one Java type in the binary codec. Instances are immutable once
 * the layout compiler has built them, and shared by all threads.
 */
abstract class FieldCodec {
    /** {@code (WireOutput, Object) void}: the type of every write handle. */
    static final MethodType WRITE_TYPE = MethodType.methodType(void.class, WireOutput.class, Object.class);
    private static final MethodHandle WRITE;

    static {
        try {
            WRITE = MethodHandles.lookup().findVirtual(FieldCodec.class, "write", WRITE_TYPE);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A handle writing a non-null value, bound to this codec so a record's composed write handle
     * calls it directly (the JIT inlines the whole record writer).
     */
    MethodHandle writeHandle() {
        return WRITE.bindTo(this);
    }

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
