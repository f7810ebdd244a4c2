package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.cluster.ClusterNode;
import dev.crystal.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real cluster nodes: separate {@code crystal serve --config} JVMs sharing the local Redis (streams, leases, jobs)
 * and PostgreSQL (one schema per domain). Each test uses its own Redis key prefix and schema prefix, and removes
 * both afterwards.
 */
@Tag("system")
class ClusterProcessesTest {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    /** Node configs and logs stay in target/ for a look after a failure. */
    private final Path dir = Path.of("target", "cluster-test", id);
    private final String keyPrefix = "clustertest-" + id;
    private final String schemaPrefix = "cluster_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        RedisKeys.deleteMatching(REDIS, "*" + keyPrefix + "*");
        assertThat(RedisKeys.countMatching(REDIS, "*" + keyPrefix + "*")).as("keys left").isZero();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            for (String domain : List.of("balance", "collections", "notifications", "distributions", "freeplay",
                    "adjustments", "workflows", "deadletters", "keys", "wireflags", "traces")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private String config(String node, String domains) {
        return """
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
                  leaseTtl: 2s
                """.formatted(node, domains, REDIS, keyPrefix, POSTGRES, schemaPrefix);
    }

    private NodeProcess start(String node, String domains) throws Exception {
        Files.createDirectories(dir);
        NodeProcess process = NodeProcess.start(dir, node, config(node, domains));
        nodes.add(process);
        return process;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static BigDecimal balanceOf(NodeProcess node, String customer) throws Exception {
        HttpResponse<String> response = node.get("/customers/" + customer + "/balance");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("balance").decimalValue();
    }

    @Test
    void settlementsDrivenThroughOneNodeShowInBalancesReadThroughAnother() throws Exception {
        NodeProcess ledger = start("node-1", "balance, collections, workflows");
        NodeProcess rest = start("node-2", "distributions, freeplay, adjustments, notifications");
        NodeProcess front = start("node-3", "");
        // the nodes share their keys through PostgreSQL: only the first node made an admin key, and it works on all
        assertThat(dir.resolve("node-1-data/admin.key")).exists();
        assertThat(dir.resolve("node-2-data/admin.key")).doesNotExist();
        assertThat(dir.resolve("node-3-data/admin.key")).doesNotExist();

        HttpResponse<String> opened = front.post("/customers", "{\"customerId\":\"CUST_A\",\"openingBalance\":100.00}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> settled = front.post("/collections/process-settlement",
                    "{\"settlementId\":\"S_" + i + "\",\"customerId\":\"CUST_A\",\"amount\":1.50,\"type\":\"payout\"}");
            assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
            assertThat(json(settled).get("status").asText()).isEqualTo("completed");
        }

        assertThat(balanceOf(rest, "CUST_A")).isEqualByComparingTo("130.00");
        assertThat(json(ledger.get("/settlements/S_7")).get("status").asText()).isEqualTo("completed");
        // SettlementProcessed and BalanceUpdated crossed from node-1 to the notifications domain on node-2.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(front.get("/customers/CUST_A/notifications")).toString()).contains("S_20"));
    }

    @Test
    void aNodeKilledUnderLoadLosesNothingAndAppliesNothingTwice() throws Exception {
        NodeProcess a = start("node-a", "balance, collections, distributions, freeplay, adjustments, notifications, workflows");
        NodeProcess b = start("node-b", "balance, collections, distributions, freeplay, adjustments, notifications, workflows");
        NodeProcess front = start("gateway", "");
        assertThat(front.post("/customers", "{\"customerId\":\"CUST_K\",\"openingBalance\":100.00}").statusCode())
                .isEqualTo(201);
        Instant expiry = Instant.now().plusSeconds(8);
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> bonus = front.post("/bonuses", "{\"transactionId\":\"FP_" + i + "\",\"customerId\":"
                    + "\"CUST_K\",\"bonusType\":\"welcome_bonus\",\"amount\":5.00,\"wageringRequirement\":1,"
                    + "\"expiresAt\":\"" + expiry + "\"}");
            assertThat(bonus.statusCode()).as(bonus.body()).isEqualTo(201);
        }

        int settlements = 300;
        AtomicInteger completed = new AtomicInteger();
        Set<String> retried = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 1; i <= settlements; i++) {
            String settlementId = "K_" + i;
            work.add(clients.submit(() -> {
                settleUntilDone(front, settlementId, retried);
                completed.incrementAndGet();
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= 60);
        String holder = holderOfCollections();
        NodeProcess victim = holder.equals("node-a") ? a : b;
        NodeProcess survivor = victim == a ? b : a;
        victim.kill();

        for (Future<?> f : work) {
            f.get(3, TimeUnit.MINUTES);
        }
        clients.shutdown();
        assertThat(holderOfCollections()).isEqualTo(survivor.node);
        // Every settlement applied exactly once: 300 payouts of 1.00 on top of the opening 100.00.
        assertThat(balanceOf(front, "CUST_K")).isEqualByComparingTo("400.00");
        assertThat(balanceOf(survivor, "CUST_K")).isEqualByComparingTo("400.00");
        // The bonus expiry jobs ran although a node died: every bonus expired, forfeiting its 5.00 once.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 1; i <= 10; i++) {
                assertThat(json(front.get("/bonuses/FP_" + i)).get("status").asText()).isEqualTo("expired");
            }
        });
        assertThat(json(front.get("/customers/CUST_K/balance")).get("bonusBalance").decimalValue())
                .isEqualByComparingTo("0.00");
        // Whatever the killed node had taken from the streams and not acknowledged was claimed and finished.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String domain : List.of("collections", "balance", "freeplay", "notifications")) {
                assertThat(pendingIn(domain)).as("unacknowledged entries of " + domain).isZero();
            }
        });
    }

    private long pendingIn(String domain) {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            String stream = keyPrefix + ":streams:{" + ClusterNode.streamOf(domain) + "}";
            return connection.sync().xpending(stream, domain).getCount();
        } finally {
            client.shutdown();
        }
    }

    /** Posts a settlement; on a timeout or error, waits and asks for it again (same id), as a client would. */
    private static void settleUntilDone(NodeProcess front, String settlementId, Set<String> retried) throws Exception {
        String body = "{\"settlementId\":\"" + settlementId + "\",\"customerId\":\"CUST_K\",\"amount\":1.00,"
                + "\"type\":\"payout\"}";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = front.post("/collections/process-settlement", body);
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    String status = json(response).get("status").asText();
                    assertThat(status).as(settlementId + ": " + response.body()).isEqualTo("completed");
                    return;
                }
            } catch (IOException e) {
                // the request timed out on the client side: try again with the same settlement id
                last = e.toString();
            }
            retried.add(settlementId);
            Thread.sleep(500);
        }
        throw new AssertionError(settlementId + " never completed; last answer: " + last);
    }

    private String holderOfCollections() {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            return connection.sync().get(keyPrefix + ":lease:{" + ClusterNode.streamOf("collections") + "}");
        } finally {
            client.shutdown();
        }
    }
}
