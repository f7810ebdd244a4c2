package dev.crystal.wire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.wire.Codec;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.io.IOException;
import java.util.List;

/** Jackson JSON codec limited to registered records. Immutable and thread-safe. */
public final class JsonCodec implements Codec {
    private final MessageTypeRegistry registry;
    private final DecoderLimits limits;
    private final ObjectMapper mapper;

    /** A JSON codec for the registry's types. */
    public JsonCodec(MessageTypeRegistry registry, DecoderLimits limits) {
        this(registry, limits, List.of());
    }

    /** A JSON codec for the registry's types, with extra Jackson mappings (e.g. the contract format). */
    public JsonCodec(MessageTypeRegistry registry, DecoderLimits limits, List<? extends Module> mappings) {
        this.registry = registry;
        this.limits = limits;
        this.mapper = JacksonMappers.json(limits, mappings);
    }

    @Override
    public CodecId id() {
        return CodecId.JSON;
    }

    @Override
    public byte[] encode(Object message) {
        registry.requireClass(message.getClass());
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getName() + " as JSON", e);
        }
    }

    @Override
    public <T> T decode(byte[] body, Class<T> type) {
        String name = registry.requireClass(type).name();
        if (body.length > limits.maxBodyBytes()) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "body of " + body.length + " bytes exceeds the limit of " + limits.maxBodyBytes());
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new WireException(WireError.MALFORMED_BODY, name + ": the body is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw JacksonFailures.decodeFailure(e, name);
        }
    }
}
