package dev.crystal.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request-body checks on the settlement path: canonical metadata, ids, correlation ids. */
class JsonBodyTest {
    private final ObjectMapper json = Json.mapper();

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
