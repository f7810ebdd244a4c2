package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.testsupport.LocalRedisCluster;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code crystal serve} nodes on a real three-master Redis Cluster (ports 31004–31006, {@link LocalRedisCluster})
 * with {@code cluster.redis.cluster} listing the masters, and the local PostgreSQL: the settlement flow crosses from
 * an HTTP-only node to the domains' node through streams that live on different masters, events reach
 * notifications, a bonus-expiry job runs from the cluster's job store, the read cache works, and {@code /health}
 * pings every master (before {@code cluster.redis.cluster}, a node pointed at a cluster exited on {@code MOVED}).
 */
@Tag("system")
class RedisClusterServeTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRedisCluster redis;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "redis-cluster-test", id);
    private final String schemaPrefix = "rcluster_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startRedisCluster() {
        redis = LocalRedisCluster.start(31004);
    }

    @AfterAll
    static void stopRedisCluster() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        redis.flushAll();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            for (String domain : List.of("balance", "collections", "notifications", "distributions", "freeplay",
                    "adjustments", "workflows", "deadletters", "keys", "wireflags", "traces")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaPrefix + domain + " CASCADE");
            }
        }
    }

    private NodeProcess start(String node, String domains) throws Exception {
        Files.createDirectories(dir);
        String seeds = String.join(", ", redis.uris().stream().map(u -> "\"" + u + "\"").toList());
        NodeProcess process = NodeProcess.start(dir, node, """
                cluster:
                  node: %s
                  domains: [%s]
                  redis:
                    cluster: [%s]
                    keyPrefix: crystal
                  postgres:
                    url: %s
                    user: postgres
                    schemaPrefix: %s
                  reclaimAfter: 3s
                  leaseTtl: 2s
                """.formatted(node, domains, seeds, POSTGRES, schemaPrefix));
        nodes.add(process);
        return process;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void settlementsEventsJobsAndCacheRunThroughNodesOnARedisCluster() throws Exception {
        NodeProcess domains = start("node-1", "balance, collections, distributions, freeplay, adjustments, "
                + "notifications, workflows");
        NodeProcess front = start("node-2", "");

        HttpResponse<String> opened = front.post("/customers", "{\"customerId\":\"CUST_R\",\"openingBalance\":100.00}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> settled = front.post("/collections/process-settlement",
                    "{\"settlementId\":\"RC_" + i + "\",\"customerId\":\"CUST_R\",\"amount\":2.50,\"type\":\"payout\"}");
            assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
            assertThat(json(settled).get("status").asText()).isEqualTo("completed");
        }
        // read twice through the front: the second read may come from the cache on the cluster
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> balance = front.get("/customers/CUST_R/balance");
            assertThat(balance.statusCode()).as(balance.body()).isEqualTo(200);
            assertThat(json(balance).get("balance").decimalValue()).isEqualByComparingTo(new BigDecimal("150.00"));
        }
        assertThat(json(domains.get("/settlements/RC_20")).get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json(front.get("/customers/CUST_R/notifications")).toString()).contains("RC_20"));

        // a job in the cluster's job store: the bonus expires by its scheduled job
        HttpResponse<String> bonus = front.post("/bonuses", "{\"transactionId\":\"RFP_1\",\"customerId\":\"CUST_R\","
                + "\"bonusType\":\"welcome_bonus\",\"amount\":5.00,\"wageringRequirement\":1,\"expiresAt\":\""
                + Instant.now().plusSeconds(4) + "\"}");
        assertThat(bonus.statusCode()).as(bonus.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(json(front.get("/bonuses/RFP_1")).get("status").asText()).isEqualTo("expired"));

        // streams, leases, jobs and cache entries spread over the masters; health pinged all three
        assertThat(redis.mastersWithKeys()).as("keys on more than one master").isGreaterThan(1);
        HttpResponse<String> health = front.get("/health");
        assertThat(health.body()).contains("3 masters PONG");
        String log = Files.readString(domains.log) + Files.readString(front.log);
        assertThat(log).doesNotContain("MOVED").doesNotContain("CROSSSLOT");
    }
}
