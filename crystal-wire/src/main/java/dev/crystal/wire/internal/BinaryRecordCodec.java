package dev.crystal.wire.internal;

import dev.crystal.wire.Codec;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.util.HashMap;
import java.util.Map;

/**
 * The wire-default codec: a compact tagged binary layout derived from each registered record's
 * components (see docs/messages.md). Immutable and thread-safe after construction.
 */
public final class BinaryRecordCodec implements Codec {
    private final Map<Class<?>, RecordFieldCodec> roots;
    private final BinaryReadContext context;

    /**
     * Compiles a layout for every registered type.
     *
     * @throws IllegalArgumentException when a record uses a component type the codec cannot carry
     */
    public BinaryRecordCodec(MessageTypeRegistry registry, DecoderLimits limits) {
        LayoutCompiler compiler = new LayoutCompiler();
        Map<Class<?>, RecordFieldCodec> layouts = new HashMap<>();
        for (MessageType<?> type : registry.types()) {
            layouts.put(type.recordClass(), compiler.compileRecord(type.recordClass()));
        }
        compiler.publish();
        this.roots = Map.copyOf(layouts);
        this.context = new BinaryReadContext(limits);
    }

    @Override
    public CodecId id() {
        return CodecId.BINARY;
    }

    @Override
    public byte[] encode(Object message) {
        RecordFieldCodec layout = roots.get(message.getClass());
        if (layout == null) {
            throw new WireException(WireError.UNKNOWN_MESSAGE_TYPE,
                    "class " + message.getClass().getName() + " is not a registered message type");
        }
        WireOutput out = new WireOutput(192);
        layout.write(out, message);
        return out.toByteArray();
    }

    @Override
    public <T> T decode(byte[] body, Class<T> type) {
        RecordFieldCodec layout = roots.get(type);
        if (layout == null) {
            throw new WireException(WireError.UNKNOWN_MESSAGE_TYPE, type.getName() + " is not a registered message type");
        }
        if (body.length > context.limits().maxBodyBytes()) {
            throw new WireException(WireError.LIMIT_EXCEEDED, "body of " + body.length
                    + " bytes exceeds the limit of " + context.limits().maxBodyBytes());
        }
        WireInput in = new WireInput(body, 0, body.length, context.limits().maxStringLength(), WireError.MALFORMED_BODY);
        Object value = layout.read(in, in.readUnsignedByte(), 0, context);
        if (in.remaining() != 0) {
            throw new WireException(WireError.MALFORMED_BODY, in.remaining() + " trailing bytes after the body");
        }
        return type.cast(value);
    }
}
