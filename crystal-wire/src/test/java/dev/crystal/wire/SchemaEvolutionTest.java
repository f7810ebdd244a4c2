package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Adding an optional field at the end of a record never breaks a reader on the previous version. */
class SchemaEvolutionTest {
    record Audit(String by, Instant at) {
    }

    record PayoutV1(String payoutId, BigDecimal amount, int attempts, List<Audit> audits) {
    }

    record PayoutV2(String payoutId, BigDecimal amount, int attempts, List<Audit> audits, String note,
                    Audit approvedBy, List<String> tags) {
    }

    private static final CodecSet V1 = CodecSet.standard(MessageTypeRegistry.builder()
            .register(MessageType.builder("PAYOUT", PayoutV1.class).schemaVersion(1).build()).build(),
            DecoderLimits.defaults());
    private static final CodecSet V2 = CodecSet.standard(MessageTypeRegistry.builder()
            .register(MessageType.builder("PAYOUT", PayoutV2.class).schemaVersion(2).build()).build(),
            DecoderLimits.defaults());

    private static final List<Audit> AUDITS = List.of(new Audit("ops", Instant.parse("2025-01-26T15:30:00Z")));

    @ParameterizedTest
    @EnumSource(CodecId.class)
    void readerOnPreviousVersionIgnoresTheNewField(CodecId codec) {
        PayoutV2 newer = new PayoutV2("P_1", new BigDecimal("10.50"), 2, AUDITS, "late approval",
                new Audit("alice", Instant.parse("2025-01-27T09:00:00Z")), List.of("vip"));

        PayoutV1 read = V1.codec(codec).decode(V2.codec(codec).encode(newer), PayoutV1.class);

        assertThat(read).isEqualTo(new PayoutV1("P_1", new BigDecimal("10.50"), 2, AUDITS));
    }

    @ParameterizedTest
    @EnumSource(CodecId.class)
    void readerOnNewerVersionSeesTheMissingFieldAsAbsent(CodecId codec) {
        PayoutV1 older = new PayoutV1("P_1", new BigDecimal("10.50"), 2, AUDITS);

        PayoutV2 read = V2.codec(codec).decode(V1.codec(codec).encode(older), PayoutV2.class);

        assertThat(read).isEqualTo(new PayoutV2("P_1", new BigDecimal("10.50"), 2, AUDITS, null, null, null));
    }

    @Test
    void frameCarriesTheWritersSchemaVersion() {
        var envelope = new Envelope<Object>("m", "PAYOUT", "c", null, "a", "b",
                Instant.EPOCH, new PayoutV2("P_1", BigDecimal.ONE, 0, List.of(), null, null, null));
        byte[] bytes = new WireEncoder(V2, new SimpleMeterRegistry())
                .encode(envelope, WireSettings.defaults());

        DecodeOutcome outcome = new WireDecoder(V1, RejectedFrameSink.ignoring(),
                new SimpleMeterRegistry()).decode(bytes);

        assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Decoded.class, decoded -> {
            assertThat(decoded.frame().schemaVersion()).isEqualTo(2);
            assertThat(decoded.envelope().payload()).isEqualTo(new PayoutV1("P_1", BigDecimal.ONE, 0, List.of()));
        });
    }
}
