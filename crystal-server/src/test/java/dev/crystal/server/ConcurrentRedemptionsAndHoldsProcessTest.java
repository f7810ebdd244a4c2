package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redemptions and holds consistent under concurrency (issue 14 item 5), through a real {@code crystal serve}
 * process: many concurrent redemptions of one bonus and many concurrent holds (with collections racing them) on one
 * account, with the process paused (SIGSTOP) past the 5 s ask timeout in the middle of the burst so that callers get
 * {@code 503 TIMEOUT} while their work is still queued. Audited straight from the SQLite files: no redemption left
 * {@code POSTING}, never more redeemed than the bonus, every redemption posted to the ledger exactly once and every
 * one answered 200 stored {@code POSTED}; the active holds never exceed the cash balance, no collection took held
 * money, and every account equals the sum of its entries. Thread ownership: the JUnit thread and a pool of request
 * threads.
 */
@Tag("system")
class ConcurrentRedemptionsAndHoldsProcessTest {
    private static final int REDEMPTIONS = 60;
    private static final int HOLDS = 60;
    private static final int COLLECTIONS = 30;

    @TempDir
    Path dir;

    private record Answer(String what, int status, String error) {
    }

    @Test
    void concurrentRedemptionsAndHoldsNeverOverspendAndNothingStaysPostingAfterTimeouts() throws Exception {
        Path data = dir.resolve("data");
        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("serve.log"))) {
            ApiClient api = serve.api();
            assertThat(api.post("/customers", "{\"customerId\":\"RC_1\",\"openingBalance\":1000.00}").status())
                    .isEqualTo(201);
            assertThat(api.post("/customers", "{\"customerId\":\"HC_1\",\"openingBalance\":1000.00}").status())
                    .isEqualTo(201);
            var issued = api.post("/bonuses", "{\"transactionId\":\"FPC_1\",\"customerId\":\"RC_1\",\"bonusType\":"
                    + "\"welcome\",\"amount\":100.00,\"wageringRequirement\":0,\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
            assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);

            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Answer>> futures = new ArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            for (int i = 0; i < Math.max(REDEMPTIONS, HOLDS); i++) {
                int n = i;
                if (n < REDEMPTIONS) {
                    // 60 × 2.50 asked of a 100.00 bonus; every seventh asks for all that remains
                    String body = redemption(n);
                    futures.add(pool.submit(() -> call(api, "redeem R_" + n, "/bonuses/FPC_1/redeem", body, answered)));
                }
                if (n < HOLDS) {
                    // 60 × 30.00 held on 1000.00 of cash
                    futures.add(pool.submit(() -> call(api, "hold H_" + n, "/customers/HC_1/holds",
                            "{\"holdId\":\"H_" + n + "\",\"amount\":30.00}", answered)));
                }
                if (n < COLLECTIONS) {
                    // collections of 20.00 racing the holds: they may take only money not held
                    futures.add(pool.submit(() -> call(api, "collect HS_" + n, "/collections/process-settlement",
                            "{\"settlementId\":\"HS_" + n + "\",\"customerId\":\"HC_1\",\"amount\":20.00,"
                                    + "\"type\":\"collection\"}", answered)));
                }
            }
            // pause the whole process past the 5 s ask timeout mid-burst: callers waiting then get 503 TIMEOUT
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> answered.get() >= 3);
            signal(serve.process.pid(), "STOP");
            Thread.sleep(7_000);
            signal(serve.process.pid(), "CONT");
            Map<String, Integer> statuses = new TreeMap<>();
            for (Future<Answer> f : futures) {
                Answer a = f.get(3, TimeUnit.MINUTES);
                assertThat(a.error()).as(a.what()).isNull();
                assertThat(a.status()).as(a.what()).isIn(200, 201, 202, 409, 422, 503);
                statuses.merge(a.what().split(" ")[0] + " " + a.status(), 1, Integer::sum);
            }
            System.out.println("ConcurrentRedemptionsAndHoldsProcessTest: answers " + statuses);
            // a client told 503 (TIMEOUT, BUSY) sends the same redemption again until it gets a final answer
            Map<String, Integer> finalAnswers = new TreeMap<>();
            for (Future<Answer> f : futures) {
                Answer a = f.get();
                if (a.what().startsWith("redeem") && a.status() == 503) {
                    String id = a.what().substring("redeem ".length());
                    String body = redemption(Integer.parseInt(id.substring("R_".length())));
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        var again = api.post("/bonuses/FPC_1/redeem", body);
                        if (again.status() == 503) {
                            return false;
                        }
                        finalAnswers.put(id, again.status());
                        return true;
                    });
                }
            }
            pool.shutdown();
            System.out.println("ConcurrentRedemptionsAndHoldsProcessTest: re-sent after 503: " + finalAnswers);

            // nothing stays posting, whatever the callers were told
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(count(data, "freeplay", "SELECT count(*) FROM redemptions WHERE status = 'POSTING'"))
                            .as("redemptions still POSTING").isZero());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(count(data, "collections", "SELECT count(*) FROM settlements WHERE status = 'PENDING'"))
                            .as("settlements still PENDING").isZero());

            long redeemed = count(data, "freeplay", "SELECT COALESCE(SUM(amount_minor), 0) FROM redemptions");
            assertThat(redeemed).as("redeemed of a 100.00 bonus").isBetween(1L, 10_000L);
            assertThat(count(data, "freeplay", "SELECT redeemed_minor FROM bonuses WHERE transaction_id = 'FPC_1'"))
                    .as("the bonus's redeemed total").isEqualTo(redeemed);
            List<String> posted = strings(data, "freeplay", "SELECT redemption_id FROM redemptions");
            for (String id : posted) {
                assertThat(count(data, "balance", "SELECT count(*) FROM postings WHERE posting_id = 'redeem:" + id + "'"))
                        .as("ledger postings of redemption " + id).isEqualTo(1);
            }
            assertThat(count(data, "balance", "SELECT count(*) FROM postings WHERE posting_id LIKE 'redeem:%'"))
                    .as("no redemption posting without its row").isEqualTo(posted.size());
            for (Future<Answer> f : futures) {
                Answer a = f.get();
                if (a.what().startsWith("redeem") && a.status() == 200) {
                    assertThat(posted).as("answered 200").contains(a.what().substring("redeem ".length()));
                }
            }
            finalAnswers.forEach((id, status) -> {
                if (status == 200) {
                    assertThat(posted).as("answered 200 when re-sent").contains(id);
                }
            });
            assertThat(count(data, "balance", "SELECT balance_minor FROM accounts WHERE owner = 'RC_1'"
                    + " AND lower(kind) = 'bonus'")).as("bonus account").isEqualTo(10_000 - redeemed);

            long cash = count(data, "balance", "SELECT balance_minor FROM accounts WHERE owner = 'HC_1'"
                    + " AND lower(kind) = 'customer'");
            long held = count(data, "balance", "SELECT COALESCE(SUM(amount_minor), 0) FROM holds"
                    + " WHERE customer_id = 'HC_1' AND status = 'ACTIVE'");
            long collected = count(data, "collections", "SELECT COALESCE(SUM(amount_minor), 0) FROM settlements"
                    + " WHERE customer_id = 'HC_1' AND status = 'COMPLETED'");
            assertThat(held).as("holds placed").isPositive();
            assertThat(held).as("active holds within the cash balance %d", cash).isLessThanOrEqualTo(cash);
            assertThat(cash).as("cash = opening - completed collections").isEqualTo(100_000 - collected);
            assertThat(count(data, "balance", "SELECT count(*) FROM accounts a WHERE balance_minor <>"
                    + " (SELECT COALESCE(SUM(amount_minor), 0) FROM entries e WHERE e.account_id = a.account_id)"))
                    .as("accounts off their entries").isZero();
            assertThat(count(data, "balance", "SELECT COALESCE(SUM(balance_minor), 0) FROM accounts"))
                    .as("ledger sum").isZero();
            var balance = api.get("/customers/HC_1/balance");
            assertThat(balance.status()).isEqualTo(200);
            assertThat(balance.body().path("available").decimalValue().signum()).as(balance.body().toString())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    /** The body of redemption {@code n}: 2.50, or (every seventh) all that remains; the same when re-sent. */
    private static String redemption(int n) {
        return n % 7 == 6 ? "{\"redemptionId\":\"R_" + n + "\"}"
                : "{\"redemptionId\":\"R_" + n + "\",\"amount\":2.50}";
    }

    private static Answer call(ApiClient api, String what, String path, String body, AtomicInteger answered) {
        try {
            var r = api.post(path, body);
            return new Answer(what, r.status(), r.status() >= 500 && r.status() != 503 ? r.body().toString() : null);
        } catch (RuntimeException e) {
            return new Answer(what, -1, e.toString());
        } finally {
            answered.incrementAndGet();
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }

    private static long count(Path data, String domain, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(domain + ".db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static List<String> strings(Path data, String domain, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(domain + ".db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
