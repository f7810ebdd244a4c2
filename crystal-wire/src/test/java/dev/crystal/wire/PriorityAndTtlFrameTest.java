package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import dev.crystal.wire.fixtures.SeedMessages;
import dev.crystal.wire.fixtures.TestWire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The envelope's priority and time-to-live travel in the frame header (flag bits 1 and 2) in every codec. */
class PriorityAndTtlFrameTest {
    private final CodecSet codecs = TestWire.codecs();
    private final WireEncoder encoder = new WireEncoder(codecs, new SimpleMeterRegistry());
    private final WireDecoder decoder = new WireDecoder(codecs, r -> { }, new SimpleMeterRegistry());

    @Test
    void priorityAndTimeToLiveRoundTripInTheHeaderOfEveryCodec() {
        Envelope<Object> sent = TestWire.envelope((Object) SeedMessages.settlementProcessed())
                .withDelivery(Priority.HIGH, 300_000);
        for (CodecId codec : CodecId.values()) {
            byte[] bytes = encoder.encode(sent, WireSettings.defaults().withCodec(codec));
            assertThat(bytes[5] & 0x06).isEqualTo(0x06);
            DecodeOutcome outcome = decoder.decode(bytes);
            assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Decoded.class, d -> {
                assertThat(d.envelope()).isEqualTo(sent);
                assertThat(d.envelope().priority()).isEqualTo(Priority.HIGH);
                assertThat(d.envelope().ttlMillis()).isEqualTo(300_000);
                assertThat(d.frame().ttlMillis()).isEqualTo(300_000);
            });
            assertThat(new MessageYaml(codecs).render(outcome)).contains("priority: high").contains("ttl: 300000");
        }
    }

    @Test
    void aNormalMessageWithoutTimeToLiveKeepsTheOriginalLayout() {
        Envelope<Object> plain = TestWire.envelope((Object) SeedMessages.settlementProcessed());
        byte[] bytes = encoder.encode(plain, WireSettings.defaults());
        assertThat(bytes[5]).isEqualTo((byte) 1); // only the causation bit
        byte[] hinted = encoder.encode(plain.withDelivery(Priority.NORMAL, 1), WireSettings.defaults());
        assertThat(hinted.length).isEqualTo(bytes.length + 1);
    }

    @Test
    void aMessageFileMayGivePriorityAndTimeToLive() {
        ParsedMessage parsed = new MessageYaml(codecs).parse("""
                type: BONUS_ISSUED
                priority: high
                ttl: 300000
                payload:
                  transactionId: FP_1
                  customerId: CUST_001
                  bonusType: welcome_bonus
                  amount: 500.00
                  wageringRequirement: 10
                  expiresAt: 2025-02-25T17:00:00Z
                  reference: WELCOME_2025
                """);
        Envelope<Object> envelope = parsed.toEnvelope("cli", "freeplay", () -> "id-1", InstantSource.system());
        assertThat(envelope.priority()).isEqualTo(Priority.HIGH);
        assertThat(envelope.ttlMillis()).isEqualTo(300_000);
    }
}
