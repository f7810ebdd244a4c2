package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settlement body's metadata is stored as canonical JSON written straight from the parsed tree. */
class JsonBodyCanonicalTest {
    private final ObjectMapper json = Json.mapper();

    /** What the stored text was before: the tree mapped to maps, written with sorted keys and non-null inclusion. */
    private String mappedThenWritten(JsonNode value) throws Exception {
        return json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(json.treeToValue(value, Object.class));
    }

    @Test
    void theCanonicalTextIsExactlyWhatMappingAndWritingGaveForEveryKindOfValue() throws Exception {
        for (String metadata : List.of("{}", "{\"b\":1,\"a\":2}", "{\"processedBy\":\"Agent Smith\",\"priority\":\"high\","
                        + "\"ttl\":300000}", "{\"z\":{\"y\":[3,1,{\"k\":null,\"j\":true}],\"x\":null},\"a\":[null,false]}",
                "{\"amount\":100.00,\"tiny\":1e-3,\"big\":1e2,\"long\":12345678901234,\"huge\":123456789012345678901234567890}",
                "{\"text\":\"quote \\\" backslash \\\\ tab \\t unicode é ☃ \\u0001\",\"B\":1,\"a\":1,\"_\":0,\"10\":1,\"9\":1}",
                "{\"nested\":{\"deeper\":{\"deepest\":[[],{}]}},\"empty\":\"\"}")) {
            JsonNode tree = json.readTree(metadata);
            assertThat(JsonBody.canonicalJson(tree, json)).as(metadata).isEqualTo(mappedThenWritten(tree));
        }
    }

    @Test
    void equalObjectsInAnyKeyOrderStoreTheSameText() {
        String one = JsonBody.parse("{\"metadata\":{\"b\":{\"d\":1,\"c\":2},\"a\":null}}", json, Set.of("metadata"))
                .optionalObjectAsCanonicalJson("metadata");
        String other = JsonBody.parse("{\"metadata\":{\"b\":{\"c\":2,\"d\":1}}}", json, Set.of("metadata"))
                .optionalObjectAsCanonicalJson("metadata");
        assertThat(one).isEqualTo(other).isEqualTo("{\"b\":{\"c\":2,\"d\":1}}");
    }

    @Test
    void anIdIsOneToOneHundredTwentyEightLettersDigitsUnderscoresDashesDotsOrColons() {
        assertThat(JsonBody.isId("PEN_001")).isTrue();
        assertThat(JsonBody.isId("a.b:c-d_E9")).isTrue();
        assertThat(JsonBody.isId("x".repeat(128))).isTrue();
        assertThat(JsonBody.isId("x".repeat(129))).isFalse();
        assertThat(JsonBody.isId("")).isFalse();
        assertThat(JsonBody.isId("has space")).isFalse();
        assertThat(JsonBody.isId("slash/")).isFalse();
        assertThat(JsonBody.isId("é")).isFalse();
        assertThat(JsonBody.isId("٣")).isFalse(); // a non-ASCII digit
    }

    @Test
    void aNewCorrelationIdIsCorrPlusThirtyTwoHexDigitsAndNeverRepeats() {
        String one = Gateway.newCorrelationId();
        assertThat(one).matches("corr_[0-9a-f]{32}");
        assertThat(Gateway.newCorrelationId()).isNotEqualTo(one);
    }
}
