package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.cluster.ClusterNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An idle standby takes over (issue 14 items 1, 2 and 9), through real processes: two {@code crystal serve} nodes
 * configured for every domain on the local PostgreSQL and a Redis of their own (port 18741, no persistence). The
 * holder is SIGKILLed while nothing at all is sent to the platform: the standby must take every domain by itself,
 * within a few lease lifetimes (its worker threads renew-or-take the lease on their own poll timer, not on message
 * arrival), say so in {@code /health} and its metrics, and then serve a settlement. Thread ownership: the JUnit
 * thread.
 */
@Tag("system")
class IdleStandbyTakeoverProcessTest {
    private static final int REDIS_PORT = 18741;
    private static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOMAINS = List.of("balance", "collections", "distributions", "freeplay",
            "adjustments", "notifications", "workflows");
    private static final String ALL = String.join(", ", DOMAINS);
    private static final Duration LEASE_TTL = Duration.ofSeconds(4);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "idle-standby-test", id);
    private final String keyPrefix = "hf2idle-" + id;
    private final String schemaPrefix = "hf2_idle_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Process redis;

    @BeforeEach
    void startRedis() throws Exception {
        Files.createDirectories(dir);
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PONG".equals(redis(c -> c.ping())));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            for (String domain : List.of("balance", "collections", "notifications", "distributions", "freeplay",
                    "adjustments", "workflows", "deadletters", "keys", "wireflags", "traces")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private NodeProcess start(String node) throws Exception {
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
                  reclaimAfter: 3s
                  leaseTtl: %ds
                """.formatted(node, ALL, REDIS, keyPrefix, POSTGRES, schemaPrefix, LEASE_TTL.toSeconds()));
        nodes.add(process);
        return process;
    }

    @Test
    void anIdleStandbyTakesEveryDomainWhenTheHolderDiesWithNoTraffic() throws Exception {
        NodeProcess a = start("node-a");
        await().atMost(Duration.ofSeconds(120)).until(() -> DOMAINS.stream().allMatch(d -> "node-a".equals(holderOf(d))));
        NodeProcess b = start("node-b");
        // the standby holds nothing while the holder lives, idle or not (several lease lifetimes)
        Thread.sleep(LEASE_TTL.multipliedBy(3).toMillis());
        assertThat(held(b)).as("a standby holds nothing while the holder renews").isEmpty();
        assertThat(DOMAINS).allSatisfy(d -> assertThat(holderOf(d)).isEqualTo("node-a"));

        a.kill(); // SIGKILL: no release; the leases lapse after their TTL, and nobody sends anything
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(held(b)).as("domains node-b holds (its /health)").containsExactlyInAnyOrderElementsOf(DOMAINS));
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("IdleStandbyTakeoverProcessTest: node-b held every domain %.1f s after the SIGKILL%n", seconds);
        assertThat(DOMAINS).allSatisfy(d -> assertThat(holderOf(d)).isEqualTo("node-b"));
        String metrics = b.get("/metrics").body();
        for (String domain : DOMAINS) {
            assertThat(metrics).as("takeover of " + domain + " counted")
                    .contains("crystal_lease_changes_total{change=\"acquired\",domain=\"" + domain + "\"} 1.0");
        }

        // and it serves: the domains it took answer without any client having woken them
        HttpResponse<String> opened = b.post("/customers", "{\"customerId\":\"IDLE_1\",\"openingBalance\":100.00}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        HttpResponse<String> settled = b.post("/collections/process-settlement",
                "{\"settlementId\":\"IDLE_S1\",\"customerId\":\"IDLE_1\",\"amount\":2.50,\"type\":\"payout\"}");
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
        assertThat(JSON.readTree(settled.body()).path("status").asText()).isEqualTo("completed");
    }

    /** The domains {@code node}'s {@code /health} says it holds. */
    private static TreeSet<String> held(NodeProcess node) throws Exception {
        JsonNode leases = JSON.readTree(node.get("/health").body()).path("components").path("leases")
                .path("details").path("held");
        TreeSet<String> held = new TreeSet<>();
        leases.forEach(d -> held.add(d.asText()));
        return held;
    }

    private String holderOf(String domain) {
        return redis(c -> c.get(keyPrefix + ":lease:{" + ClusterNode.streamOf(domain) + "}"));
    }

    private static <T> T redis(Function<RedisCommands<String, String>, T> f) {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            return f.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
