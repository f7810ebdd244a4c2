package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.redis.RedisTestKeys;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.ManualClock;
import dev.crystal.testsupport.TransportContract;
import dev.crystal.testsupport.TransportContract.Ping;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis-specific behaviour beyond the contract: poison and undecodable entries dead-lettered, trimming,
 * reply-to, groups, capacity, close, codecs, settings validation. Runs against {@code 127.0.0.1:6379}; each
 * test has its own key prefix and its keys are deleted afterwards. Test threads are the only users.
 */
class RedisStreamsTransportTest {

    @RegisterExtension
    final RedisTestKeys keys = new RedisTestKeys(prefix -> prefix + ":*");

    private final ManualClock clock = ManualClock.atEpochOf2026();
    private final List<RedisStreamsTransport> opened = new ArrayList<>();
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private RedisCommands<String, byte[]> redis;
    private long nextId;

    @BeforeEach
    void connect() {
        client = RedisClient.create(RedisTestKeys.URI);
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        redis = connection.sync();
    }

    @AfterEach
    void close() {
        opened.forEach(RedisStreamsTransport::close);
        connection.close();
        client.shutdown();
    }

    private RedisStreamsTransport open(UnaryOperator<RedisStreamsSettings> tune, CodecSet codecs) {
        RedisStreamsTransport transport = RedisStreamsTransport.open(RedisTestKeys.URI,
                tune.apply(RedisStreamsSettings.defaults(keys.prefix())), codecs, clock);
        opened.add(transport);
        return transport;
    }

    private RedisStreamsTransport open(UnaryOperator<RedisStreamsSettings> tune) {
        return open(tune, TestCodecs.ping());
    }

    private Envelope<Ping> ping(String destination, String text) {
        long n = ++nextId;
        return new Envelope<>("m-" + n, TransportContract.PING_TYPE, "corr-" + n, null, "test", destination,
                clock.instant(), new Ping(text, n));
    }

    private static List<String> texts(List<Inbound> inbound) {
        return inbound.stream().map(i -> ((Ping) i.envelope().payload()).text()).toList();
    }

    private String stream(String destination) {
        return keys.prefix() + ":{" + destination + "}";
    }

    private List<StreamMessage<String, byte[]>> entries(String key) {
        return redis.xrange(key, Range.create("-", "+"));
    }

    private static String field(StreamMessage<String, byte[]> entry, String name) {
        byte[] value = entry.getBody().get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private void send(TransportSender sender, String destination, String... texts) {
        for (String text : texts) {
            sender.send(ping(destination, text));
        }
        assertThat(sender.flush().allAccepted()).isTrue();
    }

    @Test
    void anEntryNotAcknowledgedAfterMaxDeliveriesIsDeadLetteredWithItsCount() {
        RedisStreamsTransport transport = open(s -> s.withMaxDeliveries(3));
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        send(sender, "orders", "poison", "fine");

        List<Inbound> first = receiver.poll(10);
        assertThat(texts(first)).containsExactly("poison", "fine");
        receiver.ack(List.of(first.get(1)));
        assertThat(first.get(0).deliveryCount()).isEqualTo(1);
        for (int delivery = 2; delivery <= 3; delivery++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(receiver.reclaim(Duration.ofSeconds(30))).isEqualTo(1);
            List<Inbound> again = receiver.poll(10);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).deliveryCount()).isEqualTo(delivery);
            assertThat(again.get(0).envelope()).isEqualTo(first.get(0).envelope());
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(receiver.reclaim(Duration.ofSeconds(30))).isZero();
        assertThat(receiver.poll(10)).isEmpty();
        assertThat(receiver.pending()).isZero();

        List<StreamMessage<String, byte[]>> dead = entries(stream("orders") + ":dead");
        assertThat(dead).hasSize(1);
        StreamMessage<String, byte[]> letter = dead.get(0);
        assertThat(field(letter, "reason")).isEqualTo("not acknowledged after 3 deliveries");
        assertThat(field(letter, "deliveries")).isEqualTo("3");
        assertThat(field(letter, "group")).isEqualTo("g");
        assertThat(field(letter, "id")).isEqualTo(first.get(0).deliveryId());
        assertThat(transport.decoder().decode(letter.getBody().get("f")))
                .isInstanceOfSatisfying(DecodeOutcome.Decoded.class,
                        d -> assertThat(d.envelope()).isEqualTo(first.get(0).envelope()));
    }

    @Test
    void undecodableEntriesAreDeadLetteredWithTheDecodersReasonAndAcknowledged() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        RedisStreamsTransport newer = open(UnaryOperator.identity(), TestCodecs.pingAndPong());
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");

        redis.xadd(stream("orders"), Map.of("f", "not a frame".getBytes(StandardCharsets.UTF_8)));
        redis.xadd(stream("orders"), Map.of("x", new byte[] {1}));
        TransportSender newerSender = newer.openSender();
        newerSender.send(new Envelope<>("pong-1", TestCodecs.PONG_TYPE, "corr", null, "test", "orders",
                clock.instant(), new TestCodecs.Pong("hi")));
        newerSender.send(ping("orders", "readable"));
        assertThat(newerSender.flush().allAccepted()).isTrue();

        List<Inbound> got = receiver.poll(10);
        assertThat(texts(got)).containsExactly("readable");
        receiver.ack(got);
        assertThat(receiver.pending()).isZero();
        assertThat(receiver.poll(10)).isEmpty();

        List<StreamMessage<String, byte[]>> dead = entries(stream("orders") + ":dead");
        assertThat(dead).extracting(e -> field(e, "reason")).satisfiesExactly(
                r -> assertThat(r).startsWith("wire MALFORMED_FRAME: "),
                r -> assertThat(r).isEqualTo("entry has no frame field 'f'"),
                r -> assertThat(r).isEqualTo("wire UNKNOWN_MESSAGE_TYPE: message type 'PONG' is not registered"));
        assertThat(dead).allSatisfy(e -> assertThat(field(e, "deliveries")).isEqualTo("1"));
        assertThat(field(dead.get(0), "f")).isEqualTo("not a frame");
        assertThat(redis.xpending(stream("orders"), "g").getCount()).isZero();
    }

    @Test
    void acknowledgedEntriesAreTrimmedAndUnacknowledgedOnesKept() {
        RedisStreamsTransport transport = open(s -> s.withTrimInterval(Duration.ZERO));
        TransportReceiver fast = transport.openReceiver("events", "fast", "f1");
        TransportReceiver slow = transport.openReceiver("events", "slow", "s1");
        TransportSender sender = transport.openSender();
        send(sender, "events", "e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");

        List<Inbound> all = fast.poll(10);
        fast.ack(all);
        fast.pending(); // acknowledgements are pipelined: pending() waits for the last one
        assertThat(redis.xlen(stream("events"))).as("the slow group has not read anything").isEqualTo(10);

        List<Inbound> slowBatch = slow.poll(10);
        slow.ack(slowBatch.subList(0, 4));
        slow.pending();
        assertThat(redis.xlen(stream("events"))).as("kept from the slow group's oldest pending entry").isEqualTo(6);
        slow.ack(slowBatch.subList(6, 10));
        slow.pending();
        assertThat(redis.xlen(stream("events"))).as("e4 still pending holds e4..e9").isEqualTo(6);
        assertThat(entries(stream("events"))).extracting(StreamMessage::getId)
                .containsExactlyElementsOf(slowBatch.subList(4, 10).stream().map(Inbound::deliveryId).toList());

        clock.advance(Duration.ofMinutes(1));
        assertThat(slow.reclaim(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(texts(slow.poll(10))).containsExactly("e4", "e5");
        slow.ack(slowBatch.subList(4, 6));
        slow.pending();
        assertThat(redis.xlen(stream("events"))).isZero();

        send(sender, "events", "late");
        assertThat(redis.xlen(stream("events"))).as("unread entries are never trimmed").isEqualTo(1);
        fast.ack(List.of());
        fast.pending();
        assertThat(redis.xlen(stream("events"))).isEqualTo(1);
        assertThat(texts(slow.poll(10))).containsExactly("late");
    }

    @Test
    void aSendThatWouldPassTheCapacityTrimsAcknowledgedEntriesFirst() {
        RedisStreamsTransport transport = open(s -> s.withCapacity(3).withTrimInterval(Duration.ofHours(1)));
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        TransportSender sender = transport.openSender();
        send(sender, "orders", "a", "b", "c");
        receiver.ack(receiver.poll(10));
        assertThat(redis.xlen(stream("orders"))).as("no trim yet: the interval has not passed").isEqualTo(3);
        send(sender, "orders", "d", "e");
        assertThat(redis.xlen(stream("orders"))).isEqualTo(2);
        assertThat(texts(receiver.poll(10))).containsExactly("d", "e");
    }

    @Test
    void aGroupDeletedInRedisIsRecreatedByTheReceiverThatFindsItMissing() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        TransportSender sender = transport.openSender();
        send(sender, "orders", "before");
        List<Inbound> taken = receiver.poll(10);
        assertThat(texts(taken)).containsExactly("before");
        redis.del(stream("orders"));
        receiver.ack(taken); // the entry went with the stream: nothing to acknowledge, no failure
        assertThat(receiver.poll(1)).as("the group is recreated on an empty stream").isEmpty();
        assertThat(redis.xinfoGroups(stream("orders"))).hasSize(1);
        send(sender, "orders", "after");
        assertThat(texts(receiver.poll(10))).containsExactly("after");
        redis.xgroupDestroy(stream("orders"), "g");
        assertThat(receiver.reclaim(Duration.ZERO)).isZero();
        assertThat(receiver.pending()).isZero();
        send(sender, "orders", "later");
        assertThat(texts(receiver.poll(10))).as("the stream kept its entries: the new group (the only one) "
                + "starts at 0").containsExactly("after", "later");
    }

    @Test
    void aStreamWithoutGroupsKeepsItsBacklogForTheFirstGroup() {
        RedisStreamsTransport transport = open(s -> s.withTrimInterval(Duration.ZERO));
        send(transport.openSender(), "orders", "early-1", "early-2");
        TransportReceiver first = transport.openReceiver("orders", "first", "c");
        assertThat(texts(first.poll(10))).containsExactly("early-1", "early-2");
        TransportReceiver later = transport.openReceiver("orders", "later", "c");
        assertThat(later.poll(10)).as("a group added later starts at the end").isEmpty();
        send(transport.openSender(), "orders", "after");
        assertThat(texts(later.poll(10))).containsExactly("after");
        assertThat(texts(first.poll(10))).containsExactly("after");
    }

    @Test
    void replyToRoundTripsAsASeparateField() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportReceiver server = transport.openReceiver("quotes", "quote-service", "s1");
        TransportReceiver replies = transport.openReceiver("replies-node-1", "node-1", "n1");
        TransportSender requester = transport.openSender();
        Envelope<Ping> request = ping("quotes", "how much?");
        requester.send(request, "replies-node-1");
        requester.send(ping("quotes", "fire and forget"));
        assertThat(requester.flush().allAccepted()).isTrue();

        List<StreamMessage<String, byte[]>> raw = entries(stream("quotes"));
        assertThat(raw).extracting(e -> field(e, "r")).containsExactly("replies-node-1", null);
        assertThat(raw).allSatisfy(e -> assertThat(e.getBody()).containsKey("f"));

        List<Inbound> got = server.poll(10);
        assertThat(got).extracting(Inbound::replyTo).containsExactly("replies-node-1", null);
        Inbound question = got.get(0);
        TransportSender answerer = transport.openSender();
        answerer.send(new Envelope<>("answer-1", TransportContract.PING_TYPE,
                question.envelope().correlationId(), question.envelope().messageId(), "quotes", question.replyTo(),
                clock.instant(), new Ping("42", 42)));
        assertThat(answerer.flush().allAccepted()).isTrue();
        server.ack(got);

        List<Inbound> answers = replies.poll(10);
        assertThat(texts(answers)).containsExactly("42");
        assertThat(answers.get(0).envelope().correlationId()).isEqualTo(request.correlationId());
        assertThat(answers.get(0).envelope().causationId()).isEqualTo(request.messageId());
        assertThat(answers.get(0).replyTo()).isNull();
    }

    @Test
    void twoReceiversOfOneGroupShareTheMessagesAndEachCountsItsOwnPending() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportReceiver a = transport.openReceiver("jobs", "workers", "a");
        TransportReceiver b = transport.openReceiver("jobs", "workers", "b");
        TransportSender sender = transport.openSender();
        for (int i = 0; i < 10; i++) {
            sender.send(ping("jobs", "j" + i));
        }
        sender.flush();
        List<Inbound> fromA = a.poll(4);
        List<Inbound> fromB = b.poll(100);
        assertThat(fromA).hasSize(4);
        assertThat(fromB).hasSize(6);
        Set<String> all = new HashSet<>(texts(fromA));
        all.addAll(texts(fromB));
        assertThat(all).hasSize(10);
        assertThat(a.pending()).isEqualTo(4);
        assertThat(b.pending()).isEqualTo(6);
        b.ack(fromB);
        assertThat(b.pending()).isZero();
        assertThat(a.pending()).isEqualTo(4);
        assertThat(a.poll(10)).isEmpty();
    }

    @Test
    void aSecondGroupSeesEveryMessage() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportReceiver billing = transport.openReceiver("payments", "billing", "b1");
        TransportReceiver audit = transport.openReceiver("payments", "audit", "a1");
        TransportSender sender = transport.openSender();
        send(sender, "payments", "p1", "p2", "p3");
        List<Inbound> billed = billing.poll(10);
        billing.ack(billed);
        List<Inbound> audited = audit.poll(10);
        assertThat(texts(billed)).containsExactly("p1", "p2", "p3");
        assertThat(texts(audited)).containsExactly("p1", "p2", "p3");
        assertThat(audited).extracting(Inbound::deliveryId)
                .containsExactlyElementsOf(billed.stream().map(Inbound::deliveryId).toList());
    }

    @Test
    void aFullDestinationRejectsUntilItsEntriesAreAcknowledged() {
        RedisStreamsTransport transport = open(s -> s.withCapacity(3).withTrimInterval(Duration.ZERO));
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        TransportReceiver other = transport.openReceiver("other", "g", "c");
        TransportSender sender = transport.openSender();
        for (String text : List.of("a", "b", "c", "d")) {
            sender.send(ping("orders", text));
        }
        sender.send(ping("other", "x"));
        FlushResult result = sender.flush();
        assertThat(result.deliveries()).containsExactly(Delivery.ACCEPTED, Delivery.ACCEPTED, Delivery.ACCEPTED,
                Delivery.REJECTED, Delivery.ACCEPTED);
        assertThat(redis.xlen(stream("orders"))).isEqualTo(3);

        List<Inbound> taken = receiver.poll(2);
        sender.send(ping("orders", "e"));
        assertThat(sender.flush().deliveries()).as("delivered but not acknowledged still counts")
                .containsExactly(Delivery.REJECTED);

        receiver.ack(taken);
        sender.send(ping("orders", "f"));
        sender.send(ping("orders", "g"));
        sender.send(ping("orders", "h"));
        assertThat(sender.flush().deliveries()).containsExactly(Delivery.ACCEPTED, Delivery.ACCEPTED,
                Delivery.REJECTED);
        assertThat(texts(receiver.poll(10))).containsExactly("c", "f", "g");
        assertThat(texts(other.poll(10))).containsExactly("x");
    }

    @Test
    void afterTheTransportClosesBufferedAndNewSendsAnswerShuttingDown() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        TransportSender sender = transport.openSender();
        sender.send(ping("orders", "buffered"));
        transport.close();
        assertThat(sender.send(ping("orders", "late"))).isEqualTo(Delivery.SHUTTING_DOWN);
        assertThat(sender.flush().deliveries()).containsExactly(Delivery.SHUTTING_DOWN);
        assertThatThrownBy(() -> receiver.poll(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(transport::openSender).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("with prefix " + keys.prefix() + " is closed");
        assertThat(redis.xlen(stream("orders"))).isZero();
    }

    @ParameterizedTest
    @EnumSource(CodecId.class)
    void everyCodecAndCompressionRoundTrips(CodecId codec) {
        RedisStreamsTransport transport = open(s -> s.withCodec(codec).withCompression(CompressionId.ZSTD, 64));
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        TransportSender sender = transport.openSender();
        Envelope<Ping> small = ping("orders", "small");
        Envelope<Ping> large = ping("orders", "large ".repeat(200));
        sender.send(small);
        sender.send(large);
        assertThat(sender.flush().allAccepted()).isTrue();
        assertThat(receiver.poll(10)).extracting(Inbound::envelope).containsExactly(small, large);
        assertThat(entries(stream("orders")).get(1).getBody().get("f").length)
                .as("the large body is compressed").isLessThan(600);
    }

    @Test
    void badDestinationsAndReplyTosAreRefusedWhenSent() {
        RedisStreamsTransport transport = open(UnaryOperator.identity());
        TransportSender sender = transport.openSender();
        assertThatThrownBy(() -> sender.send(ping("a{b}", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("destination must be letters, digits and _.:- but was 'a{b}'");
        assertThatThrownBy(() -> sender.send(ping("orders", "x"), " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replyTo");
        assertThatThrownBy(() -> sender.send(new Envelope<>("m", TestCodecs.PONG_TYPE, "c", null, "s", "orders",
                clock.instant(), new TestCodecs.Pong("x")))).hasMessageContaining("is not a registered message type");
        assertThat(sender.flush().deliveries()).isEmpty();
    }

    @Test
    void settingsNameTheBadField() {
        RedisStreamsSettings ok = RedisStreamsSettings.defaults("p");
        assertThatThrownBy(() -> ok.withCapacity(0)).hasMessage("capacity must be at least 1, was 0");
        assertThatThrownBy(() -> ok.withMaxDeliveries(0)).hasMessage("maxDeliveries must be at least 1, was 0");
        assertThatThrownBy(() -> ok.withTrimInterval(Duration.ofSeconds(-1)))
                .hasMessage("trimInterval must not be negative, was PT-1S");
        assertThatThrownBy(() -> ok.withCompression(CompressionId.LZ4, 0))
                .hasMessage("compressionThresholdBytes must be at least 1, was 0");
        assertThatThrownBy(() -> RedisStreamsSettings.defaults("a{b}"))
                .hasMessage("keyPrefix must be letters, digits and _.:- but was 'a{b}'");
        assertThatThrownBy(() -> RedisStreamsSettings.defaults(null)).hasMessage("keyPrefix");
    }

    @Test
    void unreachableRedisFailsFastWithTheAddress() {
        assertThatThrownBy(() -> RedisStreamsTransport.open("redis://127.0.0.1:1",
                RedisStreamsSettings.defaults(keys.prefix()), TestCodecs.ping(), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot open the Redis Streams transport at redis://127.0.0.1:1");
    }
}
