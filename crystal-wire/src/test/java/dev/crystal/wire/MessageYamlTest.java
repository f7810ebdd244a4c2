package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.wire.fixtures.SeedMessages;
import dev.crystal.wire.fixtures.TestWire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** YAML for people: seed message files parse as written; envelopes, frames and rejections render readably. */
class MessageYamlTest {
    private final CodecSet codecs = TestWire.codecs();
    private final MessageYaml yaml = new MessageYaml(codecs);
    private final WireEncoder encoder = new WireEncoder(codecs, new SimpleMeterRegistry());

    private static String seedFile(String name) throws IOException {
        try (InputStream in = MessageYamlTest.class.getResourceAsStream("/yaml/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"settlement-update.yaml", "settlement-processed.yaml", "settlement-failed.yaml",
            "commission-calculated.yaml", "distribution-processed.yaml", "bonus-issued.yaml", "bonus-redeemed.yaml"})
    void seedMessageFilesParseAsWritten(String file) throws IOException {
        ParsedMessage parsed = yaml.parse(seedFile(file));

        assertThat(parsed.type().validate(parsed.payload())).isEmpty();
        assertThat(SeedFixtures.all()).contains(parsed.payload());
    }

    @Test
    void settlementUpdateKeepsTheFileHeaderAndFillsTheRest() throws IOException {
        ParsedMessage parsed = yaml.parse(seedFile("settlement-update.yaml"));
        AtomicInteger ids = new AtomicInteger();

        Envelope<Object> envelope = parsed.toEnvelope("cli", "collections", () -> "id_" + ids.incrementAndGet(),
                InstantSource.fixed(Instant.EPOCH));

        assertThat(envelope.correlationId()).isEqualTo("corr_1234567890");
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2025-01-26T15:30:00Z"));
        assertThat(envelope.messageId()).isEqualTo("id_1");
        assertThat(envelope.source()).isEqualTo("cli");
        assertThat(envelope.target()).isEqualTo("collections");
        assertThat(envelope.payload()).isEqualTo(SeedMessages.settlementUpdate());
        assertThat(((SeedMessages.SettlementUpdate) envelope.payload()).settlement().stake()).hasToString("100.00");
    }

    @Test
    void renderedEnvelopesAreReadableAndParseBack() {
        Envelope<?> envelope = TestWire.envelope(SeedMessages.commissionCalculated());

        String text = yaml.render(envelope);

        assertThat(text).contains("type: COMMISSION_CALCULATED", "schemaVersion: 1", "correlationId: corr_1234567890",
                "causationId: msg_0", "source: collections", "target: balance", "baseRevenue: 125000.00",
                "period: 2025-01", "paymentMethod: wire_transfer");
        ParsedMessage parsed = yaml.parse(text);
        assertThat(parsed.payload()).isEqualTo(envelope.payload());
        assertThat(parsed.toEnvelope("x", "y", () -> "z", InstantSource.system())).isEqualTo(envelope);
    }

    @Test
    void wireBytesOfAnyCodecDecodeToYamlWithTheWireSection() {
        Envelope<?> envelope = TestWire.envelope(SeedMessages.bonusIssued());
        byte[] bytes = encoder.encode(envelope, WireSettings.defaults());

        String text = yaml.decodeToYaml(bytes);

        assertThat(text).contains("type: BONUS_ISSUED", "codec: binary", "compression: none", "bonusType: welcome_bonus",
                "amount: 500.00");
        assertThat(yaml.parse(text).payload()).isEqualTo(envelope.payload());
    }

    @Test
    void undecodableBytesRenderAsARejection() {
        byte[] bytes = encoder.encode(TestWire.envelope(SeedMessages.bonusIssued()), WireSettings.defaults());
        bytes[3] = 42;

        String text = yaml.decodeToYaml(bytes);

        assertThat(text).contains("reason: UNKNOWN_CODEC", "detail: codec id 42 is not known", "raw: ");
    }

    @Test
    void deadLettersRenderWithTheirMessage() {
        Envelope<?> failed = TestWire.envelope(SeedMessages.settlementFailed());
        DeadLetter letter = new DeadLetter(failed, "handler failed: boom", "", Instant.parse("2025-01-26T15:40:00Z"),
                failed.messageId());

        assertThat(yaml.render(letter)).contains("reason: \"handler failed: boom\"", "at: 2025-01-26T15:40:00Z",
                "type: SETTLEMENT_FAILED", "shortfall: 116.67");
    }

    @Test
    void mistakesInMessageFilesAreClearErrors() {
        assertError("type: NOPE\npayload: {a: 1}", WireError.UNKNOWN_MESSAGE_TYPE, "NOPE");
        assertError("payload: {a: 1}", WireError.MALFORMED_BODY, "no type");
        assertError("type: BONUS_ISSUED\npayload: {amout: 1}", WireError.MALFORMED_BODY, "amout");
        assertError("type: BONUS_ISSUED\ncorrelation: x\npayload: {}", WireError.MALFORMED_BODY, "unknown key 'correlation'");
        assertError("type: BONUS_ISSUED\npayload: !!java.lang.Runtime {}", WireError.FORBIDDEN_YAML, "tag");
        assertError("""
                type: BONUS_REDEEMED
                payload:
                  transactionId: FP_1
                  customerId: CUST_001
                  redemptionAmount: 250.001
                  wagerAmount: 2500.00
                  remainingAmount: -1
                  status: partially_redeemed
                  redeemedAt: 2025-01-26T18:30:00Z
                """, WireError.INVALID_MESSAGE, "redemptionAmount: must be positive with at most 2 decimals (was 250.001)");
    }

    private void assertError(String text, WireError expected, String detailPart) {
        assertThatThrownBy(() -> yaml.parse(text)).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.error()).as(e.detail()).isEqualTo(expected);
            assertThat(e.detail()).contains(detailPart);
        });
    }
}
