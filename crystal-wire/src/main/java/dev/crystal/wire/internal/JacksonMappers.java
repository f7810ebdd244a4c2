package dev.crystal.wire.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.crystal.wire.DecoderLimits;
import java.util.List;

/**
 * Builds the Jackson mappers every text codec shares: ISO-8601 time, exact decimals, no nulls
 * written, unknown fields ignored (schema evolution), no polymorphic typing ever. Stateless.
 */
public final class JacksonMappers {
    private JacksonMappers() {
    }

    /** A JSON mapper whose parser enforces the limits. */
    public static ObjectMapper json(DecoderLimits limits) {
        return json(limits, List.of());
    }

    /** A JSON mapper whose parser enforces the limits, with extra mappings registered after the defaults. */
    public static ObjectMapper json(DecoderLimits limits, List<? extends Module> mappings) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxDocumentLength(limits.maxBodyBytes())
                        .build())
                .build();
        return configure(JsonMapper.builder(factory), mappings).build();
    }

    /** A YAML mapper used for writing; reading YAML goes through {@link SafeYamlReader}. */
    public static ObjectMapper yaml() {
        return yaml(List.of());
    }

    /** A YAML writing mapper with extra mappings registered after the defaults. */
    public static ObjectMapper yaml(List<? extends Module> mappings) {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .stringQuotingChecker(new YamlQuoting())
                .build();
        return configure(YAMLMapper.builder(factory), mappings).build();
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(
            B builder, List<? extends Module> mappings) {
        builder.addModule(new JavaTimeModule());
        for (Module mapping : mappings) {
            builder.addModule(mapping);
        }
        return builder
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
