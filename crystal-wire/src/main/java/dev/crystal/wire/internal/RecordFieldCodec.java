package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;

import java.lang.invoke.MethodHandle;
import java.util.function.Function;

/**
 * Writes a record as its field count followed by each component in declaration order; reads
 * fields it knows, skips trailing fields a newer writer added and leaves fields an older writer
 * did not send absent. Filled once by {@link LayoutCompiler} before publication, then immutable.
 */
final class RecordFieldCodec extends FieldCodec {
    private final Class<?> recordClass;
    private FieldCodec[] fields;
    private Function<Object, Object>[] accessors;
    private MethodHandle constructor;

    RecordFieldCodec(Class<?> recordClass) {
        this.recordClass = recordClass;
    }

    void complete(FieldCodec[] fieldCodecs, Function<Object, Object>[] accessorHandles, MethodHandle spreadConstructor) {
        this.fields = fieldCodecs;
        this.accessors = accessorHandles;
        this.constructor = spreadConstructor;
    }

    Class<?> recordClass() {
        return recordClass;
    }

    @Override
    void write(WireOutput out, Object value) {
        out.writeByte(BinaryTag.RECORD);
        out.writeVarLong(fields.length);
        for (int i = 0; i < fields.length; i++) {
            Object fieldValue = accessors[i].apply(value);
            if (fieldValue == null) {
                out.writeByte(BinaryTag.NULL);
            } else {
                fields[i].write(out, fieldValue);
            }
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
