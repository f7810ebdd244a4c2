package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL to a real embedded {@code crystal serve} process while {@value #CLIENTS} clients keep settlements in flight
 * (so the kill lands in the middle of group-committed batches), then a restart and an audit of every settlement:
 * <ul>
 *   <li>each settlement answered 2xx before the kill is completed or failed (never pending, never absent), and one
 *       answered {@code completed} stays completed with the same confirmation number;</li>
 *   <li>a client that got no answer sends the same settlement again (the API's contract: the settlement id makes
 *       it idempotent), and it too ends completed or failed;</li>
 *   <li>every completed settlement has exactly one ledger line ({@code settlement:<id>}), a failed one none;</li>
 *   <li>each balance equals opening + completed payouts − completed collections.</li>
 * </ul>
 * Thread ownership: the JUnit thread, and the virtual threads of the clients (each owns its own requests; results
 * meet in concurrent collections).
 */
@Tag("system")
class SigkillUnderLoadProcessTest {
    private static final int CUSTOMERS = 8;
    private static final int CLIENTS = 48;
    /** Settlements answered 2xx before the kill; the kill comes while many more are in flight. */
    private static final int ANSWERED_BEFORE_KILL = 300;
    private static final BigDecimal OPENING = new BigDecimal("10000.00");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private record Sent(String id, String customer, boolean payout, BigDecimal amount, int status, JsonNode answer) {
        String body() {
            return "{\"settlementId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"amount\":" + amount
                    + ",\"type\":\"" + (payout ? "payout" : "collection") + "\"}";
        }

        BigDecimal signed() {
            return payout ? amount : amount.negate();
        }

        boolean accepted() {
            return status / 100 == 2;
        }
    }

    @Test
    void everySettlementAnsweredBeforeAKillMidBatchIsSettledExactlyOnceAfterRestart() throws Exception {
        Path data = dir.resolve("data");
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("serve.log"))) {
            ApiClient api = serve.api();
            for (int c = 0; c < CUSTOMERS; c++) {
                assertThat(api.post("/customers", "{\"customerId\":\"K" + c + "\",\"openingBalance\":" + OPENING
                        + "}").status()).isEqualTo(201);
            }
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                clients.add(pool.submit(() -> {
                    while (!killed.get()) {
                        int n = next.getAndIncrement();
                        Sent s = new Sent("KILL_" + n, "K" + (n % CUSTOMERS), n % 2 == 0,
                                new BigDecimal(n % 9 + 1).add(new BigDecimal("0.37")), -1, null);
                        try {
                            ApiClient.Response r = api.post("/collections/process-settlement", s.body());
                            s = new Sent(s.id(), s.customer(), s.payout(), s.amount(), r.status(), r.body());
                            if (s.accepted()) {
                                accepted.incrementAndGet();
                            }
                        } catch (RuntimeException connectionLost) {
                            // killed while in flight (or refused after the kill): no answer, sent again below
                        }
                        sent.add(s);
                    }
                }));
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> accepted.get() >= ANSWERED_BEFORE_KILL);
            serve.process.destroyForcibly(); // SIGKILL, with CLIENTS requests in flight
            killed.set(true);
            assertThat(serve.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        List<Sent> all = List.copyOf(sent);
        assertThat(all).filteredOn(Sent::accepted).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
        assertThat(all).as("some requests were in flight when the process died").anyMatch(s -> !s.accepted());

        try (ServeProcess again = ServeProcess.start(data, dir.resolve("restart.log"))) {
            ApiClient api = again.api();
            // A client that got no answer sends the same settlement again.
            for (Sent s : all) {
                if (!s.accepted()) {
                    int status = api.post("/collections/process-settlement", s.body()).status();
                    assertThat(status).as("resent %s", s.id()).isIn(200, 202);
                }
            }
            Map<String, String> finalStatus = new HashMap<>();
            for (Sent s : all) {
                await().atMost(WAIT).untilAsserted(() -> {
                    ApiClient.Response stored = api.get("/settlements/" + s.id());
                    assertThat(stored.status()).as(s.id()).isEqualTo(200);
                    assertThat(stored.body().get("status").asText()).as(s.id()).isIn("completed", "failed");
                });
                JsonNode stored = api.get("/settlements/" + s.id()).body();
                finalStatus.put(s.id(), stored.get("status").asText());
                if (s.accepted() && "completed".equals(s.answer().get("status").asText())) {
                    assertThat(stored.get("status").asText()).as("%s was answered completed", s.id())
                            .isEqualTo("completed");
                    assertThat(stored.get("confirmationNumber").asText()).as(s.id())
                            .isEqualTo(s.answer().get("confirmationNumber").asText());
                }
            }

            Map<String, BigDecimal> expected = new HashMap<>();
            for (Sent s : all) {
                if ("completed".equals(finalStatus.get(s.id()))) {
                    expected.merge(s.customer(), s.signed(), BigDecimal::add);
                }
            }
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "K" + c;
                Map<String, Integer> postings = ledgerPostings(api, customer);
                for (Sent s : all) {
                    if (s.customer().equals(customer)) {
                        int lines = postings.getOrDefault("settlement:" + s.id(), 0);
                        assertThat(lines).as("ledger lines of %s (%s)", s.id(), finalStatus.get(s.id()))
                                .isEqualTo("completed".equals(finalStatus.get(s.id())) ? 1 : 0);
                    }
                }
                JsonNode balance = api.get("/customers/" + customer + "/balance").body();
                assertThat(balance.get("balance").decimalValue()).as("balance of " + customer)
                        .isEqualByComparingTo(OPENING.add(expected.getOrDefault(customer, BigDecimal.ZERO)));
            }
            assertThat(again.terminate()).isZero();
        }
    }

    /** How many cash-ledger lines of {@code customer} each posting id has (every page). */
    private static Map<String, Integer> ledgerPostings(ApiClient api, String customer) {
        Map<String, Integer> count = new HashMap<>();
        String path = "/customers/" + customer + "/ledger?limit=500";
        while (path != null) {
            ApiClient.Response page = api.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            for (JsonNode line : page.body().get("entries")) {
                count.merge(line.get("postingId").asText(), 1, Integer::sum);
            }
            JsonNode more = page.body().get("next");
            path = more == null || more.isNull() ? null : more.asText();
        }
        return count;
    }
}
