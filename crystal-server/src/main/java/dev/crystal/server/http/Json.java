package dev.crystal.server.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crystal.settlement.catalogue.ContractsJson;

/**
 * The JSON mapping HTTP and the CLI use: the contracts' own mapping ({@link ContractsJson#jsonMapper()} — money with
 * two decimals, the contract enums by lower-case wire name and other enums by name, ISO-8601 instants, null fields
 * left out, unknown fields refused when binding, trailing tokens and duplicate keys refused) with the HTTP input
 * limits on top (number length, nesting depth, string length). One mapping, decided once in {@code ContractsJson};
 * docs/messages.md ("One JSON mapping"). A built mapper is immutable and shared between threads.
 */
public final class Json {
    private Json() {
    }

    /** The mapper with the default input limits ({@link HttpLimits#defaults()}). */
    public static ObjectMapper mapper() {
        return mapper(HttpLimits.defaults());
    }

    /** The mapper with {@code limits}' number length, nesting depth and string length. */
    public static ObjectMapper mapper(HttpLimits limits) {
        JsonMapper mapper = ContractsJson.jsonMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth()).maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength()).build());
        return mapper;
    }
}
