package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.cluster.ClusterNode;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 202 is a promise kept (issue 14 item 4), through real processes: three {@code crystal serve} nodes (two that may
 * run every domain, one HTTP front) on the local PostgreSQL with their own schema prefix and on a Redis of their own
 * (port 18690, no persistence). Under settlement load Redis is killed and started again empty: every stream, group,
 * lease and job is gone. Each settlement is sent once. Every one answered 2xx (200 or 202) must end COMPLETED or
 * FAILED in PostgreSQL without being sent again, posted exactly once; nothing stays PENDING; the ledger is
 * consistent; the nodes go on (settlements sent after the wipe complete) and the monthly commission schedule is
 * back in the job store. Audits are read straight from PostgreSQL.
 */
@Tag("system")
class RedisWipeProcessesTest {
    private static final int REDIS_PORT = 18690;
    private static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL = "balance, collections, distributions, freeplay, adjustments, notifications, workflows";
    private static final List<String> CUSTOMERS = List.of("RW_1", "RW_2", "RW_3", "RW_4");
    private static final long OPENING_MINOR = 100_000;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "redis-wipe-test", id);
    private final String keyPrefix = "hprwipe-" + id;
    private final String schemaPrefix = "hpr_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Process redis;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir);
        startRedis();
    }

    /** A Redis without persistence: a restart comes back empty. */
    private void startRedis() throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log")
                        .toFile())).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            RedisClient client = RedisClient.create(REDIS);
            try (var c = client.connect()) {
                return "PONG".equals(c.sync().ping());
            } finally {
                client.shutdown();
            }
        });
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
                  reclaimAfter: 3s
                """.formatted(node, domains, REDIS, keyPrefix, POSTGRES, schemaPrefix));
        nodes.add(process);
        return process;
    }

    @Test
    void everySettlementAnswered2xxBeforeAWipeOfRedisIsFinishedExactlyOnce() throws Exception {
        start("node-a", ALL);
        await().atMost(Duration.ofSeconds(120)).until(() -> "node-a".equals(holderOf("collections")));
        start("node-b", ALL);
        NodeProcess front = start("front", "");
        openCustomers(front);
        assertThat(front.get("/jobs/schedules/monthly-commissions").statusCode()).isEqualTo(200);

        Load load = new Load(front, 6);
        load.start();
        await().atMost(Duration.ofSeconds(180)).until(() -> load.answered.get() >= 60);
        redis.destroyForcibly(); // SIGKILL: whatever was only in Redis is gone
        redis.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(5_000);
        startRedis(); // empty: no streams, groups, leases, jobs or schedules
        int answeredAtRestart = load.answered.get();
        // the cluster recovers by itself: settlements sent after the restart complete again
        await().atMost(Duration.ofSeconds(240)).until(() -> load.completedAfter(answeredAtRestart) >= 20);
        load.stop();
        System.out.println("RedisWipeProcessesTest: answers by status " + load.byStatus());

        Map<String, Integer> promised = load.promised();
        assertThat(promised).as("settlements answered 2xx").isNotEmpty();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, String> statuses = settlementStatuses();
            List<String> broken = new ArrayList<>();
            promised.forEach((settlementId, status) -> {
                String stored = statuses.get(settlementId);
                if (!"COMPLETED".equals(stored) && !"FAILED".equals(stored)) {
                    broken.add(settlementId + " answered " + status + ", stored " + stored);
                }
            });
            assertThat(broken).as("2xx settlements not finished (a promise broken)").isEmpty();
            assertThat(statuses.values()).as("settlements left pending").doesNotContain("PENDING");
        });
        auditLedger();
        // the platform's schedule, lost with Redis, is registered again (checked every 30 s)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() ->
                front.get("/jobs/schedules/monthly-commissions").statusCode() == 200);
    }

    // ---- the load: each settlement sent once, its answer recorded ----

    private final class Load {
        private final NodeProcess front;
        private final int threads;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger next = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        /** Settlement id → HTTP status (−1: no answer), in the order answered. */
        private final Map<String, Integer> answers = new ConcurrentHashMap<>();
        private final Map<String, Integer> order = new ConcurrentHashMap<>();
        private final List<Thread> clients = new ArrayList<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Load(NodeProcess front, int threads) {
            this.front = front;
            this.threads = threads;
        }

        void start() {
            for (int t = 0; t < threads; t++) {
                clients.add(Thread.ofPlatform().name("load-" + t).start(this::run));
            }
        }

        private void run() {
            try {
                while (running.get()) {
                    int i = next.getAndIncrement();
                    String settlementId = "RW_" + i;
                    int status;
                    try {
                        HttpResponse<String> response = front.post("/collections/process-settlement",
                                settlement(settlementId, CUSTOMERS.get(i % CUSTOMERS.size()), i % 3 != 0));
                        status = response.statusCode();
                        if (status == 200) {
                            assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("completed");
                        }
                        if (status == 503) {
                            assertThat(response.headers().firstValue("Retry-After")).isPresent();
                        }
                        assertThat(status).as(response.body()).isIn(200, 202, 503);
                        Thread.sleep(50);
                    } catch (IOException e) {
                        status = -1; // no answer: nothing promised
                        Thread.sleep(200);
                    }
                    answers.put(settlementId, status);
                    order.put(settlementId, answered.incrementAndGet());
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }

        /** Settlements answered 200 after the {@code n}-th answer. */
        long completedAfter(int n) {
            return answers.entrySet().stream()
                    .filter(e -> e.getValue() == 200 && order.getOrDefault(e.getKey(), 0) > n).count();
        }

        Map<String, Integer> promised() {
            Map<String, Integer> promised = new TreeMap<>();
            answers.forEach((settlementId, status) -> {
                if (status >= 200 && status < 300) {
                    promised.put(settlementId, status);
                }
            });
            return promised;
        }

        Map<Integer, Long> byStatus() {
            Map<Integer, Long> counts = new TreeMap<>();
            answers.values().forEach(status -> counts.merge(status, 1L, Long::sum));
            return counts;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.MINUTES.toMillis(2));
            }
            assertThat(failures).as("client failures").isEmpty();
        }
    }

    private static String settlement(String settlementId, String customer, boolean payout) {
        return "{\"settlementId\":\"" + settlementId + "\",\"customerId\":\"" + customer + "\",\"amount\":"
                + (payout ? "1.00" : "0.50") + ",\"type\":\"" + (payout ? "payout" : "collection") + "\"}";
    }

    private static void openCustomers(NodeProcess front) throws Exception {
        for (String customer : CUSTOMERS) {
            HttpResponse<String> opened = front.post("/customers",
                    "{\"customerId\":\"" + customer + "\",\"openingBalance\":1000.00}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        }
    }

    // ---- audits, read straight from PostgreSQL and Redis ----

    /**
     * Every account's balance equals the sum of its entries, all accounts sum to zero, each customer's balance is
     * the opening plus the net of its COMPLETED settlements, each COMPLETED settlement is posted exactly once and
     * no other is posted at all.
     */
    private void auditLedger() throws Exception {
        String balance = schemaPrefix + "balance";
        String collections = schemaPrefix + "collections";
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement()) {
            List<String> drifted = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT a.account_id, a.balance_minor, COALESCE(SUM(e.amount_minor), 0)"
                    + " FROM " + balance + ".accounts a LEFT JOIN " + balance + ".entries e ON e.account_id = a.account_id"
                    + " GROUP BY a.account_id, a.balance_minor")) {
                while (rs.next()) {
                    if (rs.getLong(2) != rs.getLong(3)) {
                        drifted.add(rs.getString(1) + " stored " + rs.getLong(2) + " entries " + rs.getLong(3));
                    }
                }
            }
            assertThat(drifted).as("accounts whose balance is not the sum of their entries").isEmpty();
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(balance_minor), 0) FROM " + balance + ".accounts")) {
                rs.next();
                assertThat(rs.getLong(1)).as("sum of all accounts").isZero();
            }
            Map<String, Long> net = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT customer_id, SUM(CASE WHEN type = 'PAYOUT' OR type = 'payout'"
                    + " THEN amount_minor ELSE -amount_minor END) FROM " + collections + ".settlements"
                    + " WHERE status = 'COMPLETED' GROUP BY customer_id")) {
                while (rs.next()) {
                    net.put(rs.getString(1), rs.getLong(2));
                }
            }
            for (String customer : CUSTOMERS) {
                try (ResultSet rs = s.executeQuery("SELECT balance_minor FROM " + balance + ".accounts WHERE owner = '"
                        + customer + "' AND lower(kind) = 'customer'")) {
                    assertThat(rs.next()).as("account of " + customer).isTrue();
                    assertThat(rs.getLong(1)).as("balance of " + customer)
                            .isEqualTo(OPENING_MINOR + net.getOrDefault(customer, 0L));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + collections + ".settlements st"
                    + " WHERE (SELECT count(*) FROM " + balance + ".postings p WHERE p.posting_id = 'settlement:'"
                    + " || st.settlement_id) <> CASE WHEN st.status = 'COMPLETED' THEN 1 ELSE 0 END")) {
                rs.next();
                assertThat(rs.getLong(1)).as("settlements not posted exactly once (completed) or never (failed)")
                        .isZero();
            }
        }
    }

    private Map<String, String> settlementStatuses() throws Exception {
        Map<String, String> statuses = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT settlement_id, status FROM " + schemaPrefix
                     + "collections.settlements")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getString(2));
            }
        }
        return statuses;
    }

    private String holderOf(String domain) {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            return connection.sync().get(keyPrefix + ":lease:{" + ClusterNode.streamOf(domain) + "}");
        } finally {
            client.shutdown();
        }
    }
}
