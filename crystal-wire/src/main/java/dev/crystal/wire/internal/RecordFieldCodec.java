package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Writes a record as its field count followed by each component in declaration order; reads
 * fields it knows, skips trailing fields a newer writer added and leaves fields an older writer
 * did not send absent. Writing runs one method-handle tree per record (header, then per field:
 * accessor, null check, field writer), which the JIT compiles like hand-written code. Filled once
 * by {@link LayoutCompiler} before publication, then immutable.
 */
final class RecordFieldCodec extends FieldCodec {
    private static final MethodHandle HEADER;
    private static final MethodHandle WRITE_NULL;
    private static final MethodHandle IS_NULL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEADER = lookup.findStatic(RecordFieldCodec.class, "writeHeader",
                    MethodType.methodType(void.class, WireOutput.class, Object.class, int.class));
            WRITE_NULL = lookup.findStatic(RecordFieldCodec.class, "writeNull", WRITE_TYPE);
            IS_NULL = lookup.findStatic(RecordFieldCodec.class, "isNull",
                    MethodType.methodType(boolean.class, WireOutput.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Class<?> recordClass;
    // a call site so records that contain themselves can be composed before they are complete
    private final MutableCallSite writeSite = new MutableCallSite(WRITE_TYPE);
    private final MethodHandle writer = writeSite.dynamicInvoker();
    private FieldCodec[] fields;
    private MethodHandle constructor;

    RecordFieldCodec(Class<?> recordClass) {
        this.recordClass = recordClass;
    }

    /**
     * Completes the layout.
     *
     * @param fieldCodecs       one codec per component
     * @param accessorHandles   one {@code (Object) Object} accessor per component
     * @param spreadConstructor {@code (Object[]) Object} canonical constructor
     */
    MutableCallSite complete(FieldCodec[] fieldCodecs, MethodHandle[] accessorHandles, MethodHandle spreadConstructor) {
        this.fields = fieldCodecs;
        this.constructor = spreadConstructor;
        MethodHandle tree = MethodHandles.insertArguments(HEADER, 2, fieldCodecs.length);
        for (int i = 0; i < fieldCodecs.length; i++) {
            MethodHandle field = MethodHandles.guardWithTest(IS_NULL, WRITE_NULL, fieldCodecs[i].writeHandle());
            tree = MethodHandles.foldArguments(MethodHandles.filterArguments(field, 1, accessorHandles[i]), tree);
        }
        writeSite.setTarget(tree);
        return writeSite;
    }

    private static void writeHeader(WireOutput out, Object ignored, int fieldCount) {
        out.writeByte(BinaryTag.RECORD);
        out.writeVarLong(fieldCount);
    }

    private static void writeNull(WireOutput out, Object ignored) {
        out.writeByte(BinaryTag.NULL);
    }

    private static boolean isNull(WireOutput out, Object value) {
        return value == null;
    }

    @Override
    MethodHandle writeHandle() {
        return writer;
    }

    Class<?> recordClass() {
        return recordClass;
    }

    @Override
    void write(WireOutput out, Object value) {
        try {
            writer.invokeExact(out, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot write " + recordClass.getName(), e);
        }
    }

    @Override
    Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
        if (tag != BinaryTag.RECORD) {
            throw unexpectedTag(tag, "a record " + recordClass.getSimpleName());
        }
        context.checkDepth(depth + 1);
        int sent = in.readLength(in.remaining(), "field count");
        int known = fields.length;
        Object[] arguments = new Object[known];
        int shared = Math.min(sent, known);
        for (int i = 0; i < shared; i++) {
            int fieldTag = in.readUnsignedByte();
            arguments[i] = fieldTag == BinaryTag.NULL
                    ? fields[i].absentValue()
                    : fields[i].read(in, fieldTag, depth + 1, context);
        }
        for (int i = shared; i < sent; i++) {
            context.skip(in, in.readUnsignedByte(), depth + 1);
        }
        for (int i = shared; i < known; i++) {
            arguments[i] = fields[i].absentValue();
        }
        try {
            return (Object) constructor.invokeExact(arguments);
        } catch (RuntimeException e) {
            throw new WireException(WireError.MALFORMED_BODY,
                    recordClass.getSimpleName() + " rejected its fields: " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot construct " + recordClass.getName(), e);
        }
    }
}
