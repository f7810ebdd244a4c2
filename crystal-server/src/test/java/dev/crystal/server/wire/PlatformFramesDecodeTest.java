package dev.crystal.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.redis.RedisKeys;
import dev.crystal.redis.transport.RedisStreamsSettings;
import dev.crystal.redis.transport.RedisStreamsTransport;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.MessageType;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crystal decode} reads every frame the platform writes: a message of every cross-node type is sent through
 * the cluster's stream transport (as {@code RedisClusterBackends} opens it: the platform's codecs, the codec and
 * compression of the settings), the entries are read back from Redis with XRANGE, and each frame is decoded by the
 * CLI. One frame is captured with {@code redis-cli} exactly as docs/messages.md says.
 */
class PlatformFramesDecodeTest {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");
    private static final String DESTINATION = "decode-test";

    @TempDir
    Path dir;
    String prefix;
    RedisClient client;
    StatefulRedisConnection<String, byte[]> redis;

    @BeforeEach
    void connect() {
        prefix = "crystal-test-" + UUID.randomUUID();
        client = RedisClient.create(URI);
        redis = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterEach
    void clean() {
        redis.close();
        client.shutdown();
        RedisKeys.deleteMatching(URI, prefix + "*");
    }

    @Test
    void decodeReadsAFrameOfEveryPlatformTypeInEveryCodecAsTheClusterWroteIt() throws Exception {
        List<MessageType<?>> types = List.copyOf(PlatformWireTypes.registry().types());
        for (CodecId codec : CodecId.values()) {
            String keyPrefix = prefix + ":" + codec.name().toLowerCase();
            RedisStreamsSettings settings = RedisStreamsSettings.defaults(keyPrefix).withCodec(codec)
                    .withCompression(codec == CodecId.BINARY ? CompressionId.NONE : CompressionId.LZ4, 64);
            try (RedisStreamsTransport transport = RedisStreamsTransport.open(URI, settings, PlatformWireTypes.codecs(),
                    InstantSource.system()); TransportSender sender = transport.openSender()) {
                int n = 0;
                for (MessageType<?> type : types) {
                    Object payload = ValidPlatformRecords.of(type.recordClass()).sample();
                    sender.send(new Envelope<>("msg-" + n++, MessageNames.of(payload.getClass()), "corr-1", null,
                            "collections", DESTINATION, Instant.now(), payload), null);
                }
                assertThat(sender.flush().allAccepted()).isTrue();
            }
            List<StreamMessage<String, byte[]>> entries = redis.sync().xrange(keyPrefix + ":{" + DESTINATION + "}",
                    Range.create("-", "+"));
            assertThat(entries).hasSize(types.size());
            for (int i = 0; i < entries.size(); i++) {
                Path file = Files.write(dir.resolve(codec + "-" + i + ".frame"), entries.get(i).getBody().get("f"));
                CliRun run = CliRun.of("decode", file.toString());
                assertThat(run.exit()).as(run.out()).isZero();
                assertThat(run.out()).contains("type: " + types.get(i).name())
                        .contains("codec: " + codec.name().toLowerCase());
            }
        }
    }

    @Test
    void aFrameCapturedWithRedisCliDecodes() throws Exception {
        String keyPrefix = prefix + ":cli";
        var event = new SettlementProcessed("PEN_001", "CUST_001",
                SettlementType.PAYOUT, Money.of("166.67"),
                null, "wire_transfer", Instant.parse("2025-01-26T15:30:00Z"), "CONF_PEN_001",
                Money.of("266.67"));
        try (RedisStreamsTransport transport = RedisStreamsTransport.open(URI,
                RedisStreamsSettings.defaults(keyPrefix).withCodec(CodecId.JSON), PlatformWireTypes.codecs(),
                InstantSource.system()); TransportSender sender = transport.openSender()) {
            sender.send(new Envelope<>("msg_1", "SETTLEMENT_PROCESSED", "corr_1234567890", null, "collections",
                    "notifications", Instant.parse("2025-01-26T15:30:00Z"), event), null);
            assertThat(sender.flush().allAccepted()).isTrue();
        }
        // As in docs/messages.md: the first entry's frame field, raw, without redis-cli's closing newline.
        Process process = new ProcessBuilder("redis-cli", "-u", URI, "--raw", "EVAL",
                "return redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1][2][2]", "1",
                keyPrefix + ":{notifications}").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] printed = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        byte[] frame = Arrays.copyOf(printed, printed.length - 1);
        Path file = Files.write(dir.resolve("frame.bin"), frame);
        CliRun run = CliRun.of("decode", file.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("type: SETTLEMENT_PROCESSED").contains("codec: json")
                .contains("amount: 166.67").contains("type: payout").contains("processedAt: 2025-01-26T15:30:00Z");
        // The JSON body is the contract format, byte for byte what HTTP shows.
        assertThat(new String(frame, StandardCharsets.UTF_8))
                .contains("\"amount\":166.67").contains("\"type\":\"payout\"")
                .contains("\"processedAt\":\"2025-01-26T15:30:00Z\"").doesNotContain("minor");
    }
}
