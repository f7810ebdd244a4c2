package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.fixtures.TestWire;
import dev.crystal.wire.sample.SettlementTestMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every decoder enforces body size, depth and string length; YAML refuses aliases bombs, tags and duplicate keys. */
class DecoderLimitsTest {
    private final CodecSet codecs = TestWire.codecs();
    private final Codec yaml = codecs.codec(CodecId.YAML);
    private final Codec json = codecs.codec(CodecId.JSON);

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DecoderLimitsTest.class.getResourceAsStream("/yaml/hostile/" + name)) {
            return in.readAllBytes();
        }
    }

    private static void assertRejected(Runnable decode, WireError expected, String detailPart) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.error()).as(e.detail()).isEqualTo(expected);
            assertThat(e.detail()).containsIgnoringCase(detailPart);
        });
    }

    @ParameterizedTest
    @CsvSource({
            "billion-laughs.yaml, FORBIDDEN_YAML, aliases",
            "gadget-script-engine.yaml, FORBIDDEN_YAML, tag",
            "gadget-verbatim-tag.yaml, FORBIDDEN_YAML, tag",
            "local-tag.yaml, FORBIDDEN_YAML, tag",
            "duplicate-keys.yaml, FORBIDDEN_YAML, duplicate key 'amount'",
            "merge-key.yaml, FORBIDDEN_YAML, merge keys",
            "recursive-alias.yaml, LIMIT_EXCEEDED, nesting"
    })
    void hostileYamlIsRefused(String file, WireError expected, String detailPart) throws IOException {
        byte[] body = resource(file);

        assertRejected(() -> yaml.decode(body, SettlementTestMessage.class), expected, detailPart);
    }

    @Test
    void aFewAliasesWithinTheLimitAreResolved() {
        String text = """
                settlementId: &id PEN_001
                customerId: *id
                amount: 1.00
                status: completed
                metadata:
                  processedBy: A
                  processingTime: 1
                  retryCount: 0
                  relatedTransactions: &tx [TXN_1]
                """;

        SettlementTestMessage message = yaml.decode(text.getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class);

        assertThat(message.customerId()).isEqualTo("PEN_001");
        assertThat(message.metadata().relatedTransactions()).containsExactly("TXN_1");
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedByEveryCodec() {
        CodecSet small = CodecSet.standard(TestWire.REGISTRY, DecoderLimits.defaults().withMaxBodyBytes(100));
        byte[] big = new byte[101];
        for (CodecId id : CodecId.values()) {
            assertRejected(() -> small.codec(id).decode(big, SettlementTestMessage.class), WireError.LIMIT_EXCEEDED, "limit");
        }
    }

    @Test
    void longStringsAreRefusedByEveryCodec() {
        CodecSet strict = CodecSet.standard(TestWire.REGISTRY, DecoderLimits.defaults().withMaxStringLength(32));
        var message = new SettlementTestMessage("X".repeat(40), "C", BigDecimal.ONE, "completed", null);
        for (CodecId id : CodecId.values()) {
            byte[] body = codecs.codec(id).encode(message);
            assertThatThrownBy(() -> strict.codec(id).decode(body, SettlementTestMessage.class))
                    .as("%s", id)
                    .isInstanceOfSatisfying(WireException.class,
                            e -> assertThat(e.error()).isEqualTo(WireError.LIMIT_EXCEEDED));
        }
    }

    @Test
    void deepNestingIsRefusedByJsonAndYaml() {
        String deepJson = "{\"unknownField\":" + "[".repeat(100) + "]".repeat(100) + "}";
        String deepYaml = "settlementId: " + "[".repeat(100) + "]".repeat(100);

        assertRejected(() -> json.decode(deepJson.getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class),
                WireError.LIMIT_EXCEEDED, "depth");
        assertRejected(() -> yaml.decode(deepYaml.getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class),
                WireError.LIMIT_EXCEEDED, "nesting");
    }

    @Test
    void deepNestingIsRefusedByTheBinaryCodec() {
        // a record (tag 12) holding one field that is a list (tag 11) of lists ... 100 deep
        byte[] body = new byte[2 + 100 * 2 + 1];
        body[0] = 12;
        body[1] = 1;
        for (int i = 0; i < 100; i++) {
            body[2 + 2 * i] = 11;
            body[3 + 2 * i] = 1;
        }
        body[body.length - 1] = 0;

        assertThatThrownBy(() -> codecs.codec(CodecId.BINARY).decode(body, SettlementTestMessage.class))
                .isInstanceOfSatisfying(WireException.class,
                        e -> assertThat(e.error()).isIn(WireError.LIMIT_EXCEEDED, WireError.MALFORMED_BODY));
    }

    @Test
    void wrongTypesAndUnknownEnumsAreMalformedBodiesNamingTheField() {
        String text = "settlementId: PEN_001\namount: lots\n";
        assertRejected(() -> yaml.decode(text.getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class),
                WireError.MALFORMED_BODY, "amount");
        assertRejected(() -> json.decode("{\"amount\": [1]}".getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class),
                WireError.MALFORMED_BODY, "amount");
        assertRejected(() -> json.decode("{} trailing".getBytes(StandardCharsets.UTF_8), SettlementTestMessage.class),
                WireError.MALFORMED_BODY, "");
    }
}
