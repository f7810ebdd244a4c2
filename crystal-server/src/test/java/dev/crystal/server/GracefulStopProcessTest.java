package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code crystal serve} process while ~100 settlements are in flight: every request gets an HTTP
 * answer (2xx, or 503 once the server stops admitting), and after a restart every settlement answered 2xx is
 * completed exactly once: each balance equals opening + payouts - collections. Thread ownership: the JUnit thread
 * and a pool of request threads.
 */
@Tag("system")
class GracefulStopProcessTest {
    private static final int CUSTOMERS = 5;
    private static final int SETTLEMENTS = 100;
    private static final BigDecimal OPENING = new BigDecimal("1000.00");

    @TempDir
    Path dir;

    private record Sent(String id, String customer, BigDecimal signedAmount, int status, String error) {
    }

    /** Status recorded for a request whose connection was refused: it never reached the server. */
    private static final int REFUSED_CONNECTION = 0;

    @Test
    void everyRequestInFlightIsAnsweredAndEveryAcceptedSettlementCompletesOnce() throws Exception {
        Path data = dir.resolve("data");
        List<Sent> sent = new ArrayList<>();
        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("serve.log"), "--shutdown-timeout", "30s")) {
            ApiClient api = serve.api();
            for (int c = 0; c < CUSTOMERS; c++) {
                assertThat(api.post("/customers", "{\"customerId\":\"C" + c + "\",\"openingBalance\":" + OPENING
                        + "}").status()).isEqualTo(201);
            }
            AtomicInteger answered = new AtomicInteger();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Sent>> futures = new ArrayList<>();
            for (int i = 0; i < SETTLEMENTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String id = "SET_" + n;
                    String customer = "C" + (n % CUSTOMERS);
                    boolean payout = n % 2 == 0;
                    BigDecimal amount = new BigDecimal(n % 7 + 1).add(new BigDecimal("0.25"));
                    String body = "{\"settlementId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"amount\":"
                            + amount + ",\"type\":\"" + (payout ? "payout" : "collection") + "\"}";
                    try {
                        var r = api.post("/collections/process-settlement", body);
                        return new Sent(id, customer, payout ? amount : amount.negate(), r.status(), null);
                    } catch (RuntimeException e) {
                        if (e.getCause() instanceof ConnectException) {
                            // never reached the server: it had stopped listening (not in flight; must stay absent)
                            return new Sent(id, customer, amount, REFUSED_CONNECTION, null);
                        }
                        return new Sent(id, customer, amount, -1, e.toString());
                    } finally {
                        answered.incrementAndGet();
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> answered.get() >= 5);
            serve.process.destroy(); // SIGTERM while most are in flight
            for (Future<Sent> f : futures) {
                sent.add(f.get());
            }
            pool.shutdown();
            assertThat(serve.awaitExit()).as("exit code after SIGTERM\n" + ServeProcess.tail(serve.log)).isZero();
        }

        assertThat(sent).as("every request got an HTTP answer").allSatisfy(s -> {
            assertThat(s.error()).isNull();
            assertThat(s.status()).isIn(200, 202, 503, REFUSED_CONNECTION);
        });
        assertThat(sent).filteredOn(s -> s.status() / 100 == 2).as("some were accepted").isNotEmpty();

        try (ServeProcess again = ServeProcess.start(data, dir.resolve("restart.log"))) {
            ApiClient api = again.api();
            Map<String, BigDecimal> expected = new HashMap<>();
            Map<String, String> statusById = new ConcurrentHashMap<>();
            for (Sent s : sent) {
                if (s.status() / 100 == 2) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        var stored = api.get("/settlements/" + s.id());
                        assertThat(stored.status()).isEqualTo(200);
                        assertThat(stored.body().get("status").asText()).isEqualTo("completed");
                    });
                }
                var stored = api.get("/settlements/" + s.id());
                statusById.put(s.id(), stored.status() == 200 ? stored.body().get("status").asText() : "absent");
                if ("completed".equals(statusById.get(s.id()))) {
                    expected.merge(s.customer(), s.signedAmount(), BigDecimal::add);
                }
            }
            assertThat(sent).filteredOn(s -> s.status() == REFUSED_CONNECTION)
                    .allSatisfy(s -> assertThat(statusById.get(s.id())).as(s.id() + " never reached the server")
                            .isEqualTo("absent"));
            assertThat(statusById.values()).as("nothing stuck half-way").allMatch(v -> v.equals("completed")
                    || v.equals("absent"));
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "C" + c;
                var balance = api.get("/customers/" + customer + "/balance");
                assertThat(balance.body().get("balance").decimalValue()).as("balance of " + customer)
                        .isEqualByComparingTo(OPENING.add(expected.getOrDefault(customer, BigDecimal.ZERO)));
            }
            assertThat(again.terminate()).isZero();
        }
    }
}
