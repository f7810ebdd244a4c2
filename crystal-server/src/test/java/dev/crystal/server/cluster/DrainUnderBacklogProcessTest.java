package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drain in order on a cluster node under backlog (issue 14, item 7), through a real process: a node holding every
 * domain gets a burst of settlements far larger than it can finish within its {@code --shutdown-timeout} of 1 ms,
 * and is sent SIGTERM mid-burst. The stop must not close its PostgreSQL pools or the Redis transport under a worker
 * still running (before: "HikariDataSource … has been closed" failures, dead letters logged but not stored, a
 * forwarder failing at stop): no such line and no ERROR in its log, and it exits. Started again, the node finishes
 * everything that was left (stream entries not acknowledged, settlements pending); audited from PostgreSQL: every
 * settlement completed and posted once, each account equal to its entries, the ledger summing to zero, and every
 * settlement answered 2xx before the stop is among them. Own Redis on port 6402 (no persistence), own key and schema
 * prefixes.
 */
@Tag("system")
class DrainUnderBacklogProcessTest {
    private static final int REDIS_PORT = 6402;
    private static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String ALL = "balance, collections, distributions, freeplay, adjustments, notifications, workflows";
    private static final List<String> CUSTOMERS = List.of("DR_1", "DR_2", "DR_3", "DR_4");
    private static final long OPENING_MINOR = 100_000;
    private static final int BURST = 400;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "drain-test", id);
    private final String keyPrefix = "draintest-" + id;
    private final String schemaPrefix = "drain_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Process redis;

    @BeforeEach
    void startRedis() throws Exception {
        Files.createDirectories(dir);
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
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

    /** A node that may run every domain, with a 1 ms shutdown timeout. */
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
                  leaseTtl: 4s
                """.formatted(node, ALL, REDIS, keyPrefix, POSTGRES, schemaPrefix), "1ms");
        nodes.add(process);
        return process;
    }

    @Test
    void aStopLongerThanTheShutdownTimeoutClosesNothingUnderARunningWorkerAndTheRestartFinishesTheBacklog()
            throws Exception {
        NodeProcess node = start("node-a");
        for (String customer : CUSTOMERS) {
            HttpResponse<String> opened = node.post("/customers",
                    "{\"customerId\":\"" + customer + "\",\"openingBalance\":1000.00}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        for (int i = 0; i < BURST; i++) {
            String settlementId = "DB_" + i;
            String customer = CUSTOMERS.get(i % CUSTOMERS.size());
            boolean payout = i % 3 != 0;
            clients.submit(() -> {
                try {
                    HttpResponse<String> answer = node.post("/collections/process-settlement",
                            "{\"settlementId\":\"" + settlementId + "\",\"customerId\":\"" + customer
                                    + "\",\"amount\":" + (payout ? "1.00" : "0.50") + ",\"type\":\""
                                    + (payout ? "payout" : "collection") + "\"}");
                    if (answer.statusCode() / 100 == 2) {
                        acknowledged.add(settlementId);
                    }
                } catch (IOException e) {
                    // the node stopped: this settlement may or may not have been admitted
                }
                answered.incrementAndGet();
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> answered.get() >= 30);
        node.process.destroy(); // SIGTERM mid-burst: the backlog far outlasts the 1 ms shutdown timeout
        assertThat(node.process.waitFor(120, TimeUnit.SECONDS)).as("the node exits").isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        node.awaitLog();
        List<String> log = Files.readAllLines(node.log);
        List<String> bad = log.stream().filter(line -> line.contains("has been closed")
                || line.contains("Connection is closed") || line.contains("not forwarded")
                || line.contains(" ERROR ")).toList();
        assertThat(bad).as("closed under a running worker, or an error, at stop:\n" + NodeProcess.tail(node.log))
                .isEmpty();
        assertThat(node.process.exitValue()).as("exit code after SIGTERM\n" + NodeProcess.tail(node.log)).isZero();
        System.out.println("DrainUnderBacklogProcessTest: " + acknowledged.size() + " settlements acknowledged before "
                + "the stop; abandoned at the timeout: " + log.stream().filter(l -> l.contains("still busy after the "
                + "shutdown timeout")).findFirst().orElse("(nothing: the backlog drained in time)") + "\n"
                + String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size())));

        start("node-b"); // the same domains, its own log; node-a released the leases at its stop
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(settlementStatuses()).as("settlement statuses").containsOnlyKeys("COMPLETED"));
        audit(acknowledged);
    }

    private Map<String, Long> settlementStatuses() throws Exception {
        Map<String, Long> statuses = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT status, count(*) FROM " + schemaPrefix
                     + "collections.settlements GROUP BY status")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getLong(2));
            }
        }
        return statuses;
    }

    /** The ledger audit, read straight from PostgreSQL. */
    private void audit(Set<String> acknowledged) throws Exception {
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
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + collections + ".settlements st"
                    + " WHERE (SELECT count(*) FROM " + balance + ".postings p WHERE p.posting_id = 'settlement:'"
                    + " || st.settlement_id) <> 1")) {
                rs.next();
                assertThat(rs.getLong(1)).as("settlements not posted exactly once").isZero();
            }
            Set<String> stored = ConcurrentHashMap.newKeySet();
            try (ResultSet rs = s.executeQuery("SELECT settlement_id FROM " + collections + ".settlements")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(stored).as("every settlement answered 2xx before the stop is stored").containsAll(acknowledged);
        }
    }
}
