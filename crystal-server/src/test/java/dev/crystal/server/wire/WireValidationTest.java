package dev.crystal.server.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.redis.RedisKeys;
import dev.crystal.redis.transport.RedisStreamsSettings;
import dev.crystal.redis.transport.RedisStreamsTransport;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.FrameWriter;
import dev.crystal.wire.RejectedFrame;
import dev.crystal.wire.Violation;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireFrame;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Validation on the wire path: a frame whose payload breaks its type's field constraints — hand-made, as another
 * node, a replay or a {@code redis-cli XADD} could write it — is refused with the field and the reason,
 * dead-lettered, and never reaches the worker.
 */
class WireValidationTest {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");
    /** A PostSettlement written by hand: blank customer, negative amount. */
    private static final String INVALID_BODY =
            "{\"settlementId\":\"S-BAD\",\"customerId\":\" \",\"type\":\"payout\",\"amount\":-5.00}";

    static byte[] handMadeFrame(String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new FrameWriter().write(new WireFrame(WireFrame.FORMAT_VERSION, CodecId.JSON, CompressionId.NONE,
                type, 1, "msg-bad", "corr-bad", null, "collections", "balance", Instant.parse("2025-01-26T15:30:00Z"),
                bytes.length, bytes));
    }

    @Test
    void aHandMadeFrameBreakingTheConstraintsIsRejectedNamingEachFieldAndHandedToTheDeadLetterSink() {
        List<RejectedFrame> deadLetters = new CopyOnWriteArrayList<>();
        WireDecoder decoder = new WireDecoder(PlatformWireTypes.codecs(), deadLetters::add, new SimpleMeterRegistry());

        DecodeOutcome outcome = decoder.decode(handMadeFrame("POST_SETTLEMENT", INVALID_BODY));

        assertThat(outcome).isInstanceOf(DecodeOutcome.Rejected.class);
        RejectedFrame rejected = ((DecodeOutcome.Rejected) outcome).rejected();
        assertThat(rejected.reason()).isEqualTo(WireError.INVALID_MESSAGE);
        assertThat(rejected.violations()).extracting(Violation::field).containsExactlyInAnyOrder("customerId", "amount");
        assertThat(rejected.detail()).contains("customerId: must not be blank").contains("amount: must be positive");
        assertThat(deadLetters).containsExactly(rejected);

        // Too many decimals is refused by the contract mapping, naming the field, before any record exists.
        DecodeOutcome decimals = decoder.decode(handMadeFrame("POST_SETTLEMENT",
                "{\"settlementId\":\"S-1\",\"customerId\":\"C-1\",\"type\":\"payout\",\"amount\":1.001}"));
        assertThat(((DecodeOutcome.Rejected) decimals).rejected().detail()).contains("amount").contains("2 decimals");
        // An enum by a name that is not its wire name is refused, listing the accepted ones.
        DecodeOutcome upper = decoder.decode(handMadeFrame("POST_SETTLEMENT",
                "{\"settlementId\":\"S-1\",\"customerId\":\"C-1\",\"type\":\"PAYOUT\",\"amount\":1.00}"));
        assertThat(((DecodeOutcome.Rejected) upper).rejected().detail()).contains("type").contains("payout");
    }

    @Test
    void aHandMadeInvalidStreamEntryIsDeadLetteredWithTheFieldAndNeverReachesTheWorker() throws Exception {
        String prefix = "crystal-test-" + UUID.randomUUID();
        RedisClient client = RedisClient.create(URI);
        StatefulRedisConnection<String, byte[]> redis = client.connect(RedisCodec.of(StringCodec.UTF8,
                ByteArrayCodec.INSTANCE));
        RedisStreamsTransport transport = RedisStreamsTransport.open(URI, RedisStreamsSettings.defaults(prefix),
                PlatformWireTypes.codecs(), InstantSource.system());
        Address<BalanceCommand> balance = Address.of("balance", BalanceCommand.class);
        List<Envelope<BalanceCommand>> applied = new CopyOnWriteArrayList<>();
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("validation-test"));
        try {
            runtime.register(balance, (envelope, context) -> applied.add(envelope));
            runtime.consume(balance, transport, "balance", "balance-group");
            runtime.start();
            String stream = prefix + ":{balance}";

            // As an operator would: redis-cli -x XADD <stream> '*' f < frame.bin
            Process xadd = new ProcessBuilder("redis-cli", "-u", URI, "-x", "XADD", stream, "*", "f")
                    .redirectErrorStream(true).start();
            xadd.getOutputStream().write(handMadeFrame("POST_SETTLEMENT", INVALID_BODY));
            xadd.getOutputStream().close();
            String added = new String(xadd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(xadd.waitFor()).as(added).isZero();
            // ...and a valid command behind it, through the platform's own sender.
            try (TransportSender sender = transport.openSender()) {
                sender.send(new Envelope<>("msg-ok", "POST_SETTLEMENT", "corr-ok", null, "collections", "balance",
                        Instant.now(), new BalanceCommand.PostSettlement("S-OK", "C-1", SettlementType.PAYOUT,
                                Money.of("5.00"))));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> !applied.isEmpty());
            List<StreamMessage<String, byte[]>> dead = redis.sync().xrange(stream + ":dead", Range.create("-", "+"));
            assertThat(dead).hasSize(1);
            String reason = new String(dead.get(0).getBody().get("reason"), StandardCharsets.UTF_8);
            assertThat(reason).startsWith("wire INVALID_MESSAGE: POST_SETTLEMENT is invalid:")
                    .contains("customerId: must not be blank").contains("amount: must be positive");
            assertThat(new String(dead.get(0).getBody().get("id"), StandardCharsets.UTF_8)).isEqualTo(added);
            Thread.sleep(200);
            assertThat(applied).extracting(Envelope::messageId).containsExactly("msg-ok");
        } finally {
            runtime.shutdownNow();
            transport.close();
            redis.close();
            client.shutdown();
            RedisKeys.deleteMatching(URI, prefix + "*");
        }
    }
}
