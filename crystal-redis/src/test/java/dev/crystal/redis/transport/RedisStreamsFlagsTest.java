package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.crystal.wire.BatchingFlag;
import dev.crystal.wire.CodecFlag;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sender resolves the wire flags for every frame: codec per route and correlation id, batches of frames in
 * one stream entry, read back by the receiver. Local Redis, own key prefix. Test thread only.
 */
class RedisStreamsFlagsTest {
    @RegisterExtension
    final RedisTestKeys keys = new RedisTestKeys(prefix -> prefix + ":*");

    private final ManualClock clock = ManualClock.atEpochOf2026();
    private final WireFlags flags = new WireFlags(WireFlagSnapshot.defaults(), clock);
    private final FrameReader reader = new FrameReader(DecoderLimits.defaults());
    private RedisStreamsTransport transport;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;

    @BeforeEach
    void open() {
        transport = RedisStreamsTransport.open(RedisTestKeys.URI, RedisStreamsSettings.defaults(keys.prefix()),
                TestCodecs.ping(), new SimpleMeterRegistry(), clock, flags);
        client = RedisClient.create(RedisTestKeys.URI);
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterEach
    void close() {
        transport.close();
        connection.close();
        client.shutdown();
    }

    private static Envelope<Ping> ping(String target, int n) {
        return new Envelope<>("m-" + n, TransportContract.PING_TYPE, "corr-" + n, null, "test", target,
                Instant.parse("2026-01-01T00:00:00Z"), new Ping("p" + n, n));
    }

    private List<StreamMessage<String, byte[]>> entries(String destination) {
        return connection.sync().xrange(keys.prefix() + ":{" + destination + "}", Range.create("-", "+"));
    }

    @Test
    void eachFrameCarriesTheCodecItsRouteAndCorrelationIdResolveTo() {
        flags.setCodec(FlagScope.domain("pilot"), new CodecFlag(true, CodecId.YAML, 50, CodecId.BINARY), "test");
        try (TransportSender sender = transport.openSender()) {
            for (int i = 0; i < 400; i++) {
                sender.send(ping(i % 2 == 0 ? "pilot" : "other", i));
            }
            assertThat(sender.flush().deliveries()).containsOnly(Delivery.ACCEPTED);
        }
        long yamlOnPilot = entries("pilot").stream().filter(e -> reader.read(e.getBody().get("f")).codec() == CodecId.YAML).count();
        assertThat(yamlOnPilot).isBetween(70L, 130L);
        assertThat(entries("other")).allMatch(e -> reader.read(e.getBody().get("f")).codec() == CodecId.BINARY);

        flags.fallback("test");
        try (TransportSender sender = transport.openSender()) {
            sender.send(ping("pilot", 1000));
            sender.flush();
        }
        List<StreamMessage<String, byte[]>> pilot = entries("pilot");
        assertThat(reader.read(pilot.getLast().getBody().get("f")).codec()).isEqualTo(CodecId.BINARY);
    }

    @Test
    void batchedFramesShareAStreamEntryAndTheReceiverUnpacksThem() {
        flags.setBatching(FlagScope.domain("batched"), new BatchingFlag(true, 10, Duration.ofMillis(100), 100), "test");
        TransportReceiver receiver = transport.openReceiver("batched", "g", "c1");
        FlushResult result;
        try (TransportSender sender = transport.openSender()) {
            for (int i = 0; i < 25; i++) {
                sender.send(ping("batched", i));
            }
            result = sender.flush();
        }
        assertThat(result.deliveries()).hasSize(25).containsOnly(Delivery.ACCEPTED);
        List<StreamMessage<String, byte[]>> entries = entries("batched");
        assertThat(entries).hasSize(3);
        assertThat(entries.stream().map(e -> reader.readBatch(e.getBody().get("f")).size()).toList())
                .containsExactly(10, 10, 5);

        List<Inbound> got = new ArrayList<>();
        for (int i = 0; i < 5 && got.size() < 25; i++) {
            got.addAll(receiver.poll(100));
        }
        assertThat(got).extracting(in -> ((Ping) in.envelope().payload()).text())
                .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "p" + i).toList());
        receiver.ack(got);
        assertThat(receiver.pending()).isZero();
        receiver.close();
    }
}
