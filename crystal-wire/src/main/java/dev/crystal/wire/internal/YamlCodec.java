package dev.crystal.wire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.wire.Codec;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.util.List;

/**
 * YAML codec: Jackson writes, {@link SafeYamlReader} reads (limits, no tags, no duplicate keys,
 * bounded aliases), Jackson binds the tree to the registered record. Immutable and thread-safe.
 */
public final class YamlCodec implements Codec {
    private final MessageTypeRegistry registry;
    private final ObjectMapper mapper;
    private final SafeYamlReader reader;

    /** A YAML codec for the registry's types. */
    public YamlCodec(MessageTypeRegistry registry, DecoderLimits limits) {
        this(registry, limits, List.of());
    }

    /** A YAML codec for the registry's types, with extra Jackson mappings (e.g. the contract format). */
    public YamlCodec(MessageTypeRegistry registry, DecoderLimits limits, List<? extends Module> mappings) {
        this.registry = registry;
        this.mapper = JacksonMappers.yaml(mappings);
        this.reader = new SafeYamlReader(limits, true);
    }

    @Override
    public CodecId id() {
        return CodecId.YAML;
    }

    @Override
    public byte[] encode(Object message) {
        registry.requireClass(message.getClass());
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getName() + " as YAML", e);
        }
    }

    @Override
    public <T> T decode(byte[] body, Class<T> type) {
        String name = registry.requireClass(type).name();
        JsonNode tree = reader.read(body);
        if (!tree.isObject()) {
            throw new WireException(WireError.MALFORMED_BODY, name + ": the YAML document is not a mapping");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw JacksonFailures.decodeFailure(e, name);
        }
    }
}
