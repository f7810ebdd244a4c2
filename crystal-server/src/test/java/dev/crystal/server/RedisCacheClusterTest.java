package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.store.PostgresSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster nodes in one JVM on the local Redis and PostgreSQL (own key prefix and schema prefix, removed after):
 * both read balances through the Redis cache under the cluster's prefix, and a settlement answered by one node is
 * never followed by a stale balance on either.
 */
class RedisCacheClusterTest {
    private static final String REDIS = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path dir;

    private final String id = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    private final String keyPrefix = "crystal-test-cachecluster-" + id;
    private final String schemaPrefix = "cachetest_" + id + "_";
    private final List<CrystalServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        servers.forEach(CrystalServer::stop);
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            var redis = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = redis.scan(cursor, ScanArgs.Builder.matches(keyPrefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            for (String domain : Stream.concat(SettlementAssembly.ALL_DOMAINS.stream(), Stream.of("deadletters", "keys", "wireflags", "traces")).toList()) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private ApiClient node(String name, Set<String> domains) {
        ClusterSettings cluster = new ClusterSettings(name, REDIS, keyPrefix, PostgresSettings.of(URL, "postgres", ""),
                schemaPrefix, domains, CodecId.BINARY, CompressionId.NONE, Duration.ofSeconds(5),
                Duration.ofSeconds(2));
        CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve(name))
                .withCluster(cluster).withCache(CacheSettings.defaults()));
        servers.add(server);
        // only the first node of a cluster makes (and writes) an admin key; the others share its key store
        return server.firstAdminKey().isPresent() ? new ApiClient(server) : new ApiClient(server.port(), null);
    }

    private static List<String> keys(String pattern) {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = connection.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        } finally {
            client.shutdown();
        }
    }

    @Test
    void bothNodesReadThroughTheSharedRedisCacheAndNeverSeeAStaleBalance() {
        ApiClient core = node("core", SettlementAssembly.ALL_DOMAINS);
        ApiClient gateway = node("gateway", Set.of()).as(core.key()); // keys are shared: the first node made the admin key
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.post("/customers",
                "{\"customerId\":\"C1\",\"openingBalance\":1000.00}").status() == 201);

        BigDecimal expected = new BigDecimal("1000.00");
        for (int i = 1; i <= 30; i++) {
            ApiClient writer = i % 2 == 0 ? core : gateway;
            ApiClient other = i % 2 == 0 ? gateway : core;
            // both nodes have the balance cached before the change
            other.get("/customers/C1/balance");
            writer.get("/customers/C1/balance");
            JsonNode answer = writer.post("/collections/process-settlement", "{\"settlementId\":\"S" + i
                    + "\",\"customerId\":\"C1\",\"amount\":3.50,\"type\":\"collection\"}").body();
            assertThat(answer.get("status").asText()).isEqualTo("completed");
            expected = expected.subtract(new BigDecimal("3.50"));
            assertThat(other.get("/customers/C1/balance").body().get("balance").toString())
                    .as("the other node right after settlement %d's answer", i).isEqualTo(expected.toPlainString());
            assertThat(writer.get("/customers/C1/balance").body().get("balance").toString())
                    .isEqualTo(expected.toPlainString());
        }

        assertThat(keys(keyPrefix + ":cache:balances:v:*")).containsExactly(keyPrefix + ":cache:balances:v:{C1}");
        JsonNode figures = core.get("/ops/cache").body();
        assertThat(figures.get("store").asText()).isEqualTo("redis");
        assertThat(figures.get("caches").get(0).get("hits").asLong()).as("reads served from Redis").isPositive();
    }
}
