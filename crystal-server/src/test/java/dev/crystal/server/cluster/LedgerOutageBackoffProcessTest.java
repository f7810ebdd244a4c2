package dev.crystal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.cluster.ClusterNode;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure instead of storms (issue 14 item 3), through real processes: the only node that runs the ledger
 * (balance) is SIGKILLed while collections, on another node, has settlements to post. Collections must ask the ledger
 * once per settlement at a time, each failed ask followed by its own back-off (before: a fixed 1 s re-ask per failure
 * plus a sweep re-asking every pending settlement every 5 s, 143,201 warnings in one outage), and once a ledger node
 * is back every settlement completes by itself, without a re-send or a restart (before: 1,726 stuck for 6.5 minutes).
 * Redis of its own on port 18742, the local PostgreSQL; audited from PostgreSQL. Thread ownership: the JUnit thread.
 */
@Tag("system")
class LedgerOutageBackoffProcessTest {
    private static final int REDIS_PORT = 18742;
    private static final String REDIS = "redis://127.0.0.1:" + REDIS_PORT;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String NOT_BALANCE = "collections, distributions, freeplay, adjustments, notifications, workflows";
    private static final int SETTLEMENTS = 30;
    private static final Pattern FAILED_ASK = Pattern.compile("ledger did not answer for settlement (LO_\\d+) ");

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path dir = Path.of("target", "ledger-outage-test", id);
    private final String keyPrefix = "hf2outage-" + id;
    private final String schemaPrefix = "hf2_outage_" + id.replace('-', '_') + "_";
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Process redis;

    @BeforeEach
    void startRedis() throws Exception {
        Files.createDirectories(dir);
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PONG".equals(redisPing()));
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
                  leaseTtl: 4s
                """.formatted(node, domains, REDIS, keyPrefix, POSTGRES, schemaPrefix));
        nodes.add(process);
        return process;
    }

    @Test
    void collectionsBacksOffPerSettlementWhileTheLedgerIsDownAndFinishesEverythingWhenItReturns() throws Exception {
        NodeProcess ledger = start("node-ledger", "balance");
        NodeProcess work = start("node-work", NOT_BALANCE);
        await().atMost(Duration.ofSeconds(120)).until(() -> "node-ledger".equals(holderOf("balance"))
                && "node-work".equals(holderOf("collections")));
        HttpResponse<String> opened = work.post("/customers", "{\"customerId\":\"LO_C\",\"openingBalance\":1000.00}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

        ledger.kill(); // the ledger is gone; nothing else runs balance
        long down = System.nanoTime();
        // each settlement sent once; answered 202 pending (or 503) while the ledger is down
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        Thread[] clients = new Thread[SETTLEMENTS];
        for (int i = 0; i < SETTLEMENTS; i++) {
            String body = "{\"settlementId\":\"LO_" + i + "\",\"customerId\":\"LO_C\",\"amount\":1.00,\"type\":\"payout\"}";
            clients[i] = Thread.ofVirtual().start(() -> {
                int status;
                try {
                    status = work.post("/collections/process-settlement", body).statusCode();
                } catch (IOException | InterruptedException e) {
                    status = -1;
                }
                answers.merge(status, 1, Integer::sum);
            });
        }
        for (Thread client : clients) {
            client.join(TimeUnit.MINUTES.toMillis(2));
        }
        System.out.println("LedgerOutageBackoffProcessTest: answers while the ledger is down " + answers);
        assertThat(answers).as("no request fails with a server error").doesNotContainKeys(500, -1);
        Thread.sleep(Duration.ofSeconds(40).toMillis());

        double seconds = (System.nanoTime() - down) / 1e9;
        Map<String, Integer> failedAsks = failedAsks(work);
        int total = failedAsks.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("LedgerOutageBackoffProcessTest: %d failed ledger asks for %d settlements in %.1f s, "
                + "the most for one settlement %d%n", total, failedAsks.size(), seconds,
                failedAsks.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        assertThat(failedAsks).as("settlements whose asks failed").isNotEmpty();
        // one ask in flight per settlement, each lasting its 5 s timeout, then a back-off: at most t/5 + 1 failures
        int bound = (int) (seconds / 5) + 1;
        assertThat(failedAsks.values()).as("failed asks per settlement in %.1f s", seconds)
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(bound));
        assertThat(settlementStatuses()).as("nothing finished without a ledger").doesNotContainKey("COMPLETED");

        start("node-ledger-2", "balance"); // a ledger again: everything finishes by itself, nothing is re-sent
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(settlementStatuses()).containsOnlyKeys("COMPLETED")
                        .containsEntry("COMPLETED", (long) SETTLEMENTS));
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + schemaPrefix + "balance.postings"
                     + " WHERE posting_id LIKE 'settlement:LO_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("settlement postings").isEqualTo(SETTLEMENTS);
        }
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT balance_minor FROM " + schemaPrefix
                     + "balance.accounts WHERE owner = 'LO_C' AND lower(kind) = 'customer'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("opening + 30 payouts of 1.00").isEqualTo(100_000 + SETTLEMENTS * 100);
        }
    }

    /** Failed ledger asks per settlement, from the collections node's log. */
    private static Map<String, Integer> failedAsks(NodeProcess node) throws IOException {
        Map<String, Integer> failed = new TreeMap<>();
        for (String line : Files.readAllLines(node.log)) {
            Matcher m = FAILED_ASK.matcher(line);
            if (m.find()) {
                failed.merge(m.group(1), 1, Integer::sum);
            }
        }
        return failed;
    }

    private Map<String, Long> settlementStatuses() throws Exception {
        Map<String, Long> statuses = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT status, count(*) FROM " + schemaPrefix
                     + "collections.settlements WHERE settlement_id LIKE 'LO_%' GROUP BY status")) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getLong(2));
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

    private static String redisPing() {
        RedisClient client = RedisClient.create(REDIS);
        try (var connection = client.connect()) {
            return connection.sync().ping();
        } finally {
            client.shutdown();
        }
    }
}
