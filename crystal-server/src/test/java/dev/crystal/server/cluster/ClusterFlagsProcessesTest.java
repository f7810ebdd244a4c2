package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.cluster.ClusterNode;
import dev.crystal.redis.RedisKeys;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireFrame;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wire flags govern the frames a running cluster writes to Redis. Two real {@code crystal serve} processes
 * share the local Redis and PostgreSQL: {@code node-1} runs every domain, {@code node-2} is an HTTP-only front.
 * Flags are changed through one node's HTTP API and must reach the other through the shared store within a
 * second; the frames of the {@code balance} domain are then read back from its Redis stream (a consumer group of
 * the test's own keeps them from being trimmed) while settlements keep completing. Own key and schema prefix,
 * removed afterwards. The test thread drives; client threads only make HTTP calls.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFlagsProcessesTest {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A long, repetitive customer id: balance messages about it have bodies worth compressing. */
    private static final String CUSTOMER = "CUST_" + "0".repeat(100);
    private static final int MESSAGES = 2000;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "cluster-flags-test", id);
    private final String keyPrefix = "flagstest-" + id;
    private final String schemaPrefix = "flags_" + id.replace('-', '_') + "_";
    private final String balanceStream = keyPrefix + ":streams:{" + ClusterNode.streamOf("balance") + "}";
    /** The registry and decoder {@code crystal decode} uses (the platform's wire types). */
    private final CodecSet decodeCodecs = PlatformWireTypes.codecs();
    private final WireDecoder decoder = new WireDecoder(decodeCodecs, rejected -> { }, new SimpleMeterRegistry());
    private final FrameReader reader = new FrameReader(DecoderLimits.defaults());
    private final List<NodeProcess> nodes = new ArrayList<>();
    private NodeProcess node1;
    private NodeProcess node2;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, byte[]> redis;

    @BeforeAll
    void startCluster() throws Exception {
        Files.createDirectories(dir);
        node1 = start("node-1", "balance, collections, distributions, freeplay, adjustments, notifications, workflows");
        node2 = start("node-2", "");
        HttpResponse<String> opened = node2.post("/customers", "{\"customerId\":\"" + CUSTOMER
                + "\",\"openingBalance\":100.00}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        redisClient = RedisClient.create(REDIS);
        redis = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        RedisKeys.deleteMatching(REDIS, "*" + keyPrefix + "*");
        assertThat(RedisKeys.countMatching(REDIS, "*" + keyPrefix + "*")).as("keys left").isZero();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            for (String schema : List.of("balance", "collections", "notifications", "distributions", "freeplay",
                    "adjustments", "workflows", "deadletters", "wireflags", "keys")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + schema + " CASCADE");
            }
        }
    }

    @BeforeEach
    void defaultFlags() throws Exception {
        assertThat(node1.post("/admin/flags/resume", "").statusCode()).isEqualTo(200);
        assertThat(node1.put("/admin/flags", "{}").statusCode()).isEqualTo(200);
    }

    private NodeProcess start(String node, String domains) throws Exception {
        NodeProcess process = NodeProcess.start(dir, node, """
                cluster:
                  node: %s
                  domains: [%s]
                  redis:
                    uri: %s
                    keyPrefix: %s
                  postgres:
                    url: %s
                    user: postgres
                    schemaPrefix: %s
                  reclaimAfter: 5s
                  leaseTtl: 3s
                """.formatted(node, domains, REDIS, keyPrefix, POSTGRES, schemaPrefix));
        nodes.add(process);
        return process;
    }

    @Test
    void aCodecRolloutToHalfOfOneDomainThenAFallbackGovernTheFramesOnItsStream() throws Exception {
        String group = watch("codec");
        try (Traffic traffic = new Traffic(8)) {
            long startMs = setFlagsAndAwaitEverywhere(node2, """
                    {"domains": {"balance": {"codec": {"enabled": true, "codec": "yaml", "rolloutPercentage": 50,
                     "fallback": "binary"}}}}""");
            List<Frame> frames = awaitFrames(startMs, MESSAGES);
            long yaml = frames.stream().filter(f -> f.frame().codec() == CodecId.YAML).count();
            assertThat(frames.stream().map(f -> f.frame().codec()).distinct()).containsOnly(CodecId.YAML, CodecId.BINARY);
            assertThat((double) yaml / frames.size()).as("YAML share of %d frames", frames.size()).isBetween(0.45, 0.55);
            assertEveryFrameDecodes(frames);

            long fallbackMs = fallback(node1);
            List<Frame> after = awaitFrames(fallbackMs + 1000, 300);
            assertThat(after).allSatisfy(f -> assertThat(f.frame().codec()).isEqualTo(CodecId.BINARY));
            traffic.assertSettlementsKeepCompleting();
        } finally {
            unwatch(group);
        }
    }

    @Test
    void aCompressionRolloutToHalfOfOneDomainThenAFallbackGovernTheFrameHeaders() throws Exception {
        String group = watch("compression");
        try (Traffic traffic = new Traffic(8)) {
            long startMs = setFlagsAndAwaitEverywhere(node1, """
                    {"domains": {"balance": {"compression": {"enabled": true, "algorithm": "zstd", "thresholdBytes": 64,
                     "rolloutPercentage": 50}}}}""");
            List<Frame> frames = awaitFrames(startMs, MESSAGES);
            List<Frame> large = frames.stream().filter(f -> f.frame().uncompressedLength() >= 64).toList();
            assertThat(large.size()).as("frames with bodies of 64 bytes or more").isGreaterThanOrEqualTo(MESSAGES * 9 / 10);
            long zstd = large.stream().filter(f -> f.frame().compression() == CompressionId.ZSTD).count();
            assertThat((double) zstd / large.size()).as("zstd share of %d frames", large.size()).isBetween(0.45, 0.55);
            assertThat(frames).allSatisfy(f -> assertThat(f.frame().compression()).isIn(CompressionId.ZSTD, CompressionId.NONE));
            assertEveryFrameDecodes(frames);

            long fallbackMs = fallback(node2);
            List<Frame> after = awaitFrames(fallbackMs + 1000, 300);
            assertThat(after).allSatisfy(f -> assertThat(f.frame().compression()).isEqualTo(CompressionId.NONE));
            traffic.assertSettlementsKeepCompleting();
        } finally {
            unwatch(group);
        }
    }

    @Test
    void batchingOnOneDomainPacksFramesIntoStreamEntriesUntilAFallback() throws Exception {
        String group = watch("batching");
        try (Traffic traffic = new Traffic(12)) {
            long startMs = setFlagsAndAwaitEverywhere(node2, """
                    {"domains": {"balance": {"batching": {"enabled": true, "maxMessages": 4, "maxDelayMillis": 40,
                     "rolloutPercentage": 100}}}}""");
            List<Frame> frames = awaitFrames(startMs, MESSAGES / 2);
            List<Integer> batchSizes = frames.stream().filter(f -> f.index() == 0).map(Frame::batchSize).toList();
            assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 4));
            long inBatches = frames.stream().filter(f -> f.batchSize() > 1).count();
            assertThat(inBatches).as("frames sharing an entry, of %d", frames.size()).isGreaterThan(frames.size() / 4);
            assertThat(batchSizes).contains(4);
            assertEveryFrameDecodes(frames);

            long fallbackMs = fallback(node1);
            List<Frame> after = awaitFrames(fallbackMs + 1000, 300);
            assertThat(after).allSatisfy(f -> assertThat(f.batchSize()).isEqualTo(1));
            traffic.assertSettlementsKeepCompleting();
        } finally {
            unwatch(group);
        }
    }

    @Test
    void everyChangeIsAuditedOnEveryNodeWithOldAndNewValuesInYaml() throws Exception {
        setFlagsAndAwaitEverywhere(node2, """
                {"domains": {"collections": {"codec": {"enabled": true, "codec": "json", "rolloutPercentage": 10,
                 "fallback": "binary"}}}}""");
        fallback(node1);
        JsonNode audit = JSON.readTree(node1.get("/admin/flags/audit").body()).get("changes");
        JsonNode codec = null;
        for (JsonNode change : audit) {
            if (change.get("scope").asText().equals("domain:collections") && change.get("who").asText().startsWith("admin#k_")) {
                codec = change;
            }
        }
        assertThat(codec).as(audit.toString()).isNotNull();
        assertThat(codec.get("old").asText()).isEqualTo("unset");
        assertThat(codec.get("new").asText()).isEqualTo("{enabled: true, codec: json, rolloutPercentage: 10, fallback: binary}");
        JsonNode last = audit.get(audit.size() - 1);
        assertThat(last.get("flag").asText()).isEqualTo("FALLBACK");
        assertThat(last.get("old").asText()).isEqualTo("false");
        assertThat(last.get("new").asText()).isEqualTo("true");
        // the same audit, every version, on the other node
        assertThat(JSON.readTree(node2.get("/admin/flags/audit").body()).get("changes")).isEqualTo(audit);
        List<Long> versions = new ArrayList<>();
        audit.forEach(change -> versions.add(change.get("version").asLong()));
        assertThat(versions).isSorted();
    }

    /** Replaces the flags through {@code via}; waits until both nodes run them, at most 1 s; answers when. */
    private long setFlagsAndAwaitEverywhere(NodeProcess via, String flagsJson) throws Exception {
        HttpResponse<String> set = via.put("/admin/flags", flagsJson);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        long setAt = System.currentTimeMillis();
        long version = JSON.readTree(via.get("/admin/flags").body()).get("version").asLong();
        NodeProcess other = via == node1 ? node2 : node1;
        while (JSON.readTree(other.get("/admin/flags").body()).get("version").asLong() < version) {
            assertThat(System.currentTimeMillis() - setAt).as("ms until " + other.node + " runs version " + version)
                    .isLessThan(1000);
            Thread.sleep(20);
        }
        return System.currentTimeMillis();
    }

    /** Instant fallback through {@code via}; answers when it was answered. */
    private long fallback(NodeProcess via) throws Exception {
        HttpResponse<String> response = via.post("/admin/flags/fallback", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return System.currentTimeMillis();
    }

    /** A consumer group of the test's own at the stream's end: it never acknowledges, so nothing it has not seen is trimmed. */
    private String watch(String name) {
        String group = "test-" + name;
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.latest(balanceStream), group, XGroupCreateArgs.Builder.mkstream());
        return group;
    }

    private void unwatch(String group) {
        redis.sync().xgroupDestroy(balanceStream, group);
    }

    /** One frame read from the stream: its entry, its place in the entry and the entry's number of frames. */
    private record Frame(String entryId, int index, int batchSize, WireFrame frame, byte[] bytes) {
    }

    /** Waits until at least {@code count} frames were written at or after {@code fromMs}, and answers them. */
    private List<Frame> awaitFrames(long fromMs, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        List<Frame> frames = framesSince(fromMs);
        while (frames.size() < count) {
            assertThat(System.nanoTime()).as("only %d of %d frames on %s", frames.size(), count, balanceStream)
                    .isLessThan(deadline);
            Thread.sleep(200);
            frames = framesSince(fromMs);
        }
        return frames;
    }

    private List<Frame> framesSince(long fromMs) {
        List<StreamMessage<String, byte[]>> entries = redis.sync().xrange(balanceStream,
                Range.create(fromMs + "-0", "+"));
        List<Frame> frames = new ArrayList<>();
        for (StreamMessage<String, byte[]> entry : entries) {
            byte[] payload = entry.getBody().get("f");
            if (payload.length >= 2 && payload[0] == 'C' && payload[1] == 'B') {
                List<byte[]> batch = reader.readBatch(payload);
                for (int i = 0; i < batch.size(); i++) {
                    frames.add(new Frame(entry.getId(), i, batch.size(), reader.read(batch.get(i)), batch.get(i)));
                }
            } else {
                frames.add(new Frame(entry.getId(), 0, 1, reader.read(payload), payload));
            }
        }
        return frames;
    }

    private void assertEveryFrameDecodes(List<Frame> frames) {
        for (Frame frame : frames) {
            DecodeOutcome outcome = decoder.decode(frame.bytes());
            assertThat(outcome).as("crystal decode of %s", frame.frame()).isInstanceOf(DecodeOutcome.Decoded.class);
        }
    }

    /**
     * Load on the {@code balance} domain through both nodes: {@code clients} threads reading the balance (each read
     * is a request frame on the balance stream with its own correlation id), one thread posting settlements
     * through {@code node-2} and checking that each completes.
     */
    private final class Traffic implements AutoCloseable {
        private final ExecutorService pool;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger settled = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        Traffic(int clients) {
            pool = Executors.newFixedThreadPool(clients + 1);
            for (int c = 0; c < clients; c++) {
                NodeProcess via = c % 2 == 0 ? node1 : node2;
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> read = via.get("/customers/" + CUSTOMER + "/balance");
                            if (read.statusCode() != 200) {
                                failures.add("balance read: " + read.statusCode() + " " + read.body());
                            }
                        } catch (Exception e) {
                            failures.add("balance read: " + e);
                        }
                    }
                    return null;
                });
            }
            String run = UUID.randomUUID().toString().substring(0, 6);
            pool.submit(() -> {
                int n = 0;
                while (running.get()) {
                    String settlementId = "FLAG_" + run + "_" + (++n);
                    try {
                        HttpResponse<String> response = node2.post("/collections/process-settlement",
                                "{\"settlementId\":\"" + settlementId + "\",\"customerId\":\"" + CUSTOMER
                                        + "\",\"amount\":0.01,\"type\":\"payout\"}");
                        if (response.statusCode() == 200
                                && JSON.readTree(response.body()).get("status").asText().equals("completed")) {
                            settled.incrementAndGet();
                        } else {
                            failures.add(settlementId + ": " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(settlementId + ": " + e);
                    }
                }
                return null;
            });
        }

        void assertSettlementsKeepCompleting() throws InterruptedException {
            int before = settled.get();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (settled.get() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(settled.get()).as("settlements completed after the fallback").isGreaterThanOrEqualTo(before + 3);
            assertThat(failures).as("failed requests").isEmpty();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
    }
}
