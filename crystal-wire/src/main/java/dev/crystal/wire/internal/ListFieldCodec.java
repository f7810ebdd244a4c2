package dev.crystal.wire.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Writes a list as a count followed by tagged elements; reads it back unmodifiable. Immutable. */
final class ListFieldCodec extends FieldCodec {
    private final FieldCodec element;

    ListFieldCodec(FieldCodec element) {
        this.element = element;
    }

    @Override
    void write(WireOutput out, Object value) {
        List<?> list = (List<?>) value;
        out.writeByte(BinaryTag.LIST);
        out.writeVarLong(list.size());
        for (Object item : list) {
            if (item == null) {
                out.writeByte(BinaryTag.NULL);
            } else {
                element.write(out, item);
            }
        }
    }

    @Override
    Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
        if (tag != BinaryTag.LIST) {
            throw unexpectedTag(tag, "a list");
        }
        context.checkDepth(depth + 1);
        // every element takes at least one byte, so the count can never exceed what is left
        int count = in.readLength(in.remaining(), "list size");
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int itemTag = in.readUnsignedByte();
            items.add(itemTag == BinaryTag.NULL ? null : element.read(in, itemTag, depth + 1, context));
        }
        return Collections.unmodifiableList(items);
    }
}
