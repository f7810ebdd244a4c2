package dev.crystal.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The platform's JSON settings: exact decimals, ISO-8601 instants, strict parsing with input limits. */
public final class Json {
    private Json() {
    }

    /** The mapper with the default input limits ({@link HttpLimits#defaults()}). */
    public static ObjectMapper mapper() {
        return mapper(HttpLimits.defaults());
    }

    /** The mapper with {@code limits}' number length, nesting depth and string length. */
    public static ObjectMapper mapper(HttpLimits limits) {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new ContractsJsonModule())
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                // keep 100.00 as written: money is shown with its two decimals
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth()).maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength()).build());
        return mapper;
    }
}
