package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.fixtures.SeedMessages;
import dev.crystal.wire.fixtures.SeedMessages.SettlementProcessed;
import dev.crystal.wire.fixtures.TestWire;
import dev.crystal.wire.internal.BinaryRecordCodec;
import dev.crystal.wire.sample.SampleMessages;
import dev.crystal.wire.sample.SettlementTestMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared constraints are enforced at the sender (clear error) and at the receiver (dead letter with reason). */
class ValidationTest {
    private final CodecSet codecs = TestWire.codecs();
    private final WireEncoder encoder = new WireEncoder(codecs, new SimpleMeterRegistry());

    private static SettlementProcessed invalidProcessed() {
        return new SettlementProcessed(" ", "CUST_001", new BigDecimal("-166.675"), null,
                Instant.parse("2025-01-26T15:30:00Z"), "CONF_1");
    }

    @Test
    void seedMessagesAreValid() {
        for (Object message : SeedFixtures.all()) {
            assertThat(TestWire.REGISTRY.requireClass(message.getClass()).validate(message)).as("%s", message).isEmpty();
        }
    }

    @Test
    void senderRejectsWithEveryFieldAndProblem() {
        assertThatThrownBy(() -> encoder.encode(TestWire.envelope(invalidProcessed()), WireSettings.defaults()))
                .isInstanceOfSatisfying(WireException.class, e -> {
                    assertThat(e.error()).isEqualTo(WireError.INVALID_MESSAGE);
                    assertThat(e.violations()).containsExactlyInAnyOrder(
                            new Violation("settlementId", "must not be blank"),
                            new Violation("amount", "must be positive with at most 2 decimals (was -166.675)"),
                            new Violation("paymentMethod", "is missing"));
                    assertThat(e.getMessage()).contains("SETTLEMENT_PROCESSED is invalid", "settlementId: must not be blank");
                });
    }

    @Test
    void moneyWithMoreThanTwoDecimalsIsRejectedEvenWhenPositive() {
        var message = new SettlementProcessed("PEN_001", "CUST_001", new BigDecimal("1.001"),
                SeedMessages.PaymentMethod.ACH, Instant.EPOCH, "C");

        assertThat(TestWire.REGISTRY.requireClass(SettlementProcessed.class).validate(message))
                .containsExactly(new Violation("amount", "must be positive with at most 2 decimals (was 1.001)"));
    }

    @Test
    void enumLikeStringsMustBeKnownAndRangesHold() {
        var failed = new SeedMessages.SettlementFailed("PEN_001", "SOLAR_FLARE", 101, Instant.EPOCH,
                new SeedMessages.ErrorDetails(new BigDecimal("0"), new BigDecimal("1.00"), new BigDecimal("1.00")));

        assertThat(TestWire.REGISTRY.requireClass(SeedMessages.SettlementFailed.class).validate(failed))
                .containsExactly(
                        new Violation("error", "must be one of [INSUFFICIENT_FUNDS, ACCOUNT_LOCKED, LIMIT_EXCEEDED, TIMEOUT] (was 'SOLAR_FLARE')"),
                        new Violation("retryCount", "must be between 0 and 100 (was 101)"));
    }

    @Test
    void listElementsAreCheckedOneByOne() {
        var message = SampleMessages.seed();
        var broken = new SettlementTestMessage(message.settlementId(), message.customerId(),
                message.amount(), message.status(), new SettlementTestMessage.Metadata(
                "Agent Smith", 1, 0, List.of("TXN_1", ""), message.metadata().auditTrail()));

        assertThat(TestWire.REGISTRY.requireClass(broken.getClass()).validate(broken))
                .containsExactly(new Violation("metadata.relatedTransactions[1]", "must not be blank"));
    }

    @Test
    void receiverDeadLettersInvalidMessagesWithTheReason() {
        // a sender that skipped validation: body written by the codec directly
        byte[] body = new BinaryRecordCodec(TestWire.REGISTRY, DecoderLimits.defaults()).encode(invalidProcessed());
        byte[] bytes = new FrameWriter().write(new WireFrame(1, CodecId.BINARY, CompressionId.NONE,
                "SETTLEMENT_PROCESSED", 1, "msg_9", "corr_9", null, "collections", "balance", Instant.EPOCH,
                body.length, body));
        List<RejectedFrame> deadLetters = new ArrayList<>();

        DecodeOutcome outcome = new WireDecoder(codecs, deadLetters::add, new SimpleMeterRegistry()).decode(bytes);

        assertThat(outcome).isInstanceOf(DecodeOutcome.Rejected.class);
        assertThat(deadLetters).singleElement().satisfies(rejected -> {
            assertThat(rejected.reason()).isEqualTo(WireError.INVALID_MESSAGE);
            assertThat(rejected.violations()).extracting(Violation::field)
                    .containsExactlyInAnyOrder("settlementId", "amount", "paymentMethod");
            assertThat(rejected.frame()).hasValueSatisfying(frame -> assertThat(frame.messageId()).isEqualTo("msg_9"));
        });
    }

    @Test
    void misspeltOrMistypedPathsFailWhenTheTypeIsDeclared() {
        assertThatThrownBy(() -> MessageType.builder("X", SettlementProcessed.class).nonBlank("settlementID").build())
                .hasMessageContaining("has no field 'settlementID'");
        assertThatThrownBy(() -> MessageType.builder("X", SettlementProcessed.class).positiveMoney("customerId").build())
                .hasMessageContaining("POSITIVE_MONEY does not apply");
        assertThatThrownBy(() -> MessageType.builder("lower", SettlementProcessed.class))
                .hasMessageContaining("UPPER_SNAKE_CASE");
    }

    @Test
    void unregisteredClassesCannotBeEncodedByAnyCodec() {
        record Stranger(String name) {
        }
        for (CodecId id : CodecId.values()) {
            assertThatThrownBy(() -> codecs.codec(id).encode(new Stranger("x")))
                    .isInstanceOfSatisfying(WireException.class,
                            e -> assertThat(e.error()).isEqualTo(WireError.UNKNOWN_MESSAGE_TYPE));
        }
    }
}
