package dev.crystal.wire;

import com.fasterxml.jackson.databind.Module;
import dev.crystal.wire.internal.BinaryRecordCodec;
import dev.crystal.wire.internal.JsonCodec;
import dev.crystal.wire.internal.YamlCodec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One codec per {@link CodecId}, all bound to the same registry and limits. Immutable and
 * thread-safe.
 */
public final class CodecSet {
    private final MessageTypeRegistry registry;
    private final DecoderLimits limits;
    private final Map<CodecId, Codec> codecs;
    private final List<Module> textMappings;

    private CodecSet(MessageTypeRegistry registry, DecoderLimits limits, Map<CodecId, Codec> codecs,
                     List<? extends Module> textMappings) {
        this.registry = registry;
        this.limits = limits;
        this.codecs = Map.copyOf(codecs);
        this.textMappings = List.copyOf(textMappings);
    }

    /**
     * The standard codecs (binary, JSON, YAML) for a registry.
     *
     * @throws IllegalArgumentException when a registered record uses a type the binary codec cannot carry
     */
    public static CodecSet standard(MessageTypeRegistry registry, DecoderLimits limits) {
        return standard(registry, limits, List.of());
    }

    /**
     * The standard codecs, the JSON and YAML ones writing and reading the registered records through
     * {@code textMappings} as well (Jackson modules, e.g. the platform's contract format: money as
     * {@code 166.67}, enums by their lower-case wire names). Binary is not affected.
     *
     * @throws IllegalArgumentException when a registered record uses a type the binary codec cannot carry
     */
    public static CodecSet standard(MessageTypeRegistry registry, DecoderLimits limits,
                                    List<? extends Module> textMappings) {
        Objects.requireNonNull(textMappings, "textMappings");
        Map<CodecId, Codec> codecs = new EnumMap<>(CodecId.class);
        codecs.put(CodecId.BINARY, new BinaryRecordCodec(registry, limits));
        codecs.put(CodecId.JSON, new JsonCodec(registry, limits, textMappings));
        codecs.put(CodecId.YAML, new YamlCodec(registry, limits, textMappings));
        return new CodecSet(registry, limits, codecs, textMappings);
    }

    /** A copy in which {@code codec} replaces the codec with the same id. */
    public CodecSet with(Codec codec) {
        Objects.requireNonNull(codec, "codec");
        Map<CodecId, Codec> copy = new EnumMap<>(codecs);
        copy.put(codec.id(), codec);
        return new CodecSet(registry, limits, copy, textMappings);
    }

    /** The codec for an id. */
    public Codec codec(CodecId id) {
        Codec codec = codecs.get(id);
        if (codec == null) {
            throw new WireException(WireError.UNKNOWN_CODEC, "no codec installed for " + id);
        }
        return codec;
    }

    /** The registry every codec is bound to. */
    public MessageTypeRegistry registry() {
        return registry;
    }

    /** The Jackson mappings the JSON and YAML codecs (and {@link MessageYaml}) write and read payloads with. */
    public List<Module> textMappings() {
        return textMappings;
    }

    /** The limits every decoder enforces. */
    public DecoderLimits limits() {
        return limits;
    }
}
