package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.util.HashMap;
import java.util.Map;

/** Writes an enum constant by name, so reordering constants never changes meaning. Immutable. */
final class EnumFieldCodec extends FieldCodec {
    private final Class<?> enumClass;
    private final Map<String, Object> byName;

    EnumFieldCodec(Class<?> enumClass) {
        this.enumClass = enumClass;
        Map<String, Object> names = new HashMap<>();
        for (Object constant : enumClass.getEnumConstants()) {
            names.put(((Enum<?>) constant).name(), constant);
        }
        this.byName = Map.copyOf(names);
    }

    @Override
    void write(WireOutput out, Object value) {
        out.writeByte(BinaryTag.ENUM);
        out.writeString(((Enum<?>) value).name());
    }

    @Override
    Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
        if (tag != BinaryTag.ENUM) {
            throw unexpectedTag(tag, "an enum");
        }
        String name = in.readString();
        Object constant = byName.get(name);
        if (constant == null) {
            throw new WireException(WireError.MALFORMED_BODY,
                    "unknown value '" + name + "' for " + enumClass.getSimpleName());
        }
        return constant;
    }
}
