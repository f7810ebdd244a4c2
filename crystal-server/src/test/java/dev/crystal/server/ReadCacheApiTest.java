package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.cache.CacheSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read cache through the real embedded server: never a stale balance after a settlement's answer (also with
 * concurrent readers), every kind of change invalidating the view it changes, warming at start, the meters, the
 * tile's figures, and {@code off} really bypassing.
 */
class ReadCacheApiTest {
    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(CacheSettings cache) {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withCache(cache));
        api = new ApiClient(server);
    }

    private JsonNode ok(ApiClient.Response r, int status) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        return r.body();
    }

    private JsonNode balanceOf(String customer) {
        return ok(api.get("/customers/" + customer + "/balance"), 200);
    }

    private String field(JsonNode node, String name) {
        return node.get(name).toString();
    }

    private long balanceWorkerProcessed() {
        for (JsonNode w : api.get("/health").body().get("workers")) {
            if (w.get("name").asText().equals("balance")) {
                return w.get("processed").asLong();
            }
        }
        throw new AssertionError("no balance worker in /health");
    }

    private JsonNode cacheFigures(String name) {
        for (JsonNode c : ok(api.get("/ops/cache"), 200).get("caches")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no cache " + name + " in /ops/cache");
    }

    private String metrics() throws Exception {
        return text("/metrics");
    }

    private String text(String path) throws Exception {
        return api.text(path);
    }

    @Test
    void aBalanceReadAfterASettlementsAnswerIsNeverStaleEvenWithConcurrentReaders() throws Exception {
        start(CacheSettings.defaults());
        List<String> customers = List.of("HOT_1", "HOT_2");
        for (String c : customers) {
            ok(api.post("/customers", "{\"customerId\":\"" + c + "\",\"openingBalance\":10000.00}"), 201);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // Readers keep loading and caching both balances while they change under them.
            for (int r = 0; r < 6; r++) {
                String customer = customers.get(r % 2);
                pool.submit(() -> {
                    while (!done.get()) {
                        api.get("/customers/" + customer + "/balance");
                        reads.incrementAndGet();
                    }
                    return null;
                });
            }
            List<Future<Integer>> writers = new ArrayList<>();
            for (String customer : customers) {
                writers.add(pool.submit(() -> {
                    BigDecimal expected = new BigDecimal("10000.00");
                    int checked = 0;
                    for (int i = 1; i <= 120; i++) {
                        boolean payout = i % 3 == 0;
                        BigDecimal amount = new BigDecimal(i % 7 + 1 + ".25");
                        JsonNode answer = ok(api.post("/collections/process-settlement", "{\"settlementId\":\""
                                + customer + "_S" + i + "\",\"customerId\":\"" + customer + "\",\"amount\":" + amount
                                + ",\"type\":\"" + (payout ? "payout" : "collection") + "\"}"), 200);
                        assertThat(answer.get("status").asText()).isEqualTo("completed");
                        expected = payout ? expected.add(amount) : expected.subtract(amount);
                        assertThat(field(balanceOf(customer), "balance"))
                                .as("balance of %s read right after settlement %d's answer", customer, i)
                                .isEqualTo(expected.toPlainString());
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> writer : writers) {
                assertThat(writer.get()).isEqualTo(120);
            }
            done.set(true);
        }
        assertThat(reads.get()).isPositive();
        JsonNode balances = cacheFigures("balances");
        assertThat(balances.get("hits").asLong()).as("the readers were served from the cache").isPositive();
        assertThat(balances.get("invalidations").asLong()).isGreaterThanOrEqualTo(240);
    }

    @Test
    void everyKindOfChangeInvalidatesTheViewItChanges() throws Exception {
        start(CacheSettings.defaults());
        ok(api.post("/customers", "{\"customerId\":\"C1\",\"openingBalance\":1000.00}"), 201);
        assertThat(field(balanceOf("C1"), "balance")).isEqualTo("1000.00");
        assertThat(field(balanceOf("C1"), "balance")).isEqualTo("1000.00");

        // balance: settlement, holds, adjustment, bonus credit
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"C1\",\"amount\":100,\"type\":\"collection\"}"), 200);
        assertThat(field(balanceOf("C1"), "balance")).isEqualTo("900.00");
        ok(api.post("/customers/C1/holds", "{\"holdId\":\"H1\",\"amount\":70}"), 201);
        assertThat(field(balanceOf("C1"), "held")).isEqualTo("70.00");
        ok(api.post("/customers/C1/holds/H1/release", "{}"), 200);
        assertThat(field(balanceOf("C1"), "held")).isEqualTo("0.00");
        ok(api.post("/customers/C1/holds", "{\"holdId\":\"H2\",\"amount\":50}"), 201);
        assertThat(field(balanceOf("C1"), "available")).isEqualTo("850.00");
        ok(api.post("/customers/C1/holds/H2/capture", "{}"), 200);
        assertThat(field(balanceOf("C1"), "balance")).isEqualTo("850.00");
        ok(api.post("/adjustments", "{\"adjustmentId\":\"ADJ_1\",\"customerId\":\"C1\",\"direction\":\"credit\","
                + "\"amount\":25,\"reason\":\"goodwill\"}"), 201);
        assertThat(field(balanceOf("C1"), "balance")).isEqualTo("875.00");

        // affiliate: registered, customer linked, commission accrued and calculated, payout
        ok(api.post("/affiliates", "{\"affiliateId\":\"AFF_1\",\"commissionRate\":20.0}"), 201);
        assertThat(ok(api.get("/affiliates/AFF_1"), 200).get("customers")).isEmpty();
        assertThat(ok(api.get("/affiliates/AFF_1"), 200).get("customers")).isEmpty();
        ok(api.post("/affiliates/AFF_1/customers", "{\"customerId\":\"C1\"}"), 201);
        assertThat(ok(api.get("/affiliates/AFF_1"), 200).get("customers").get(0).asText()).isEqualTo("C1");
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S2\",\"customerId\":\"C1\",\"amount\":200,\"type\":\"collection\"}"), 200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                ok(api.get("/affiliates/AFF_1"), 200).get("statements")).isNotEmpty());
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        ok(api.post("/distributions/calculate", "{\"period\":\"" + period + "\",\"affiliateId\":\"AFF_1\"}"), 200);
        ok(api.post("/distributions/payout", "{\"affiliateId\":\"AFF_1\",\"period\":\"" + period + "\"}"), 200);
        assertThat(ok(api.get("/affiliates/AFF_1"), 200).get("statements").get(0).get("status").asText())
                .isEqualTo("paid");

        // bonus: issued, wagered, redeemed, expired
        ok(api.post("/bonuses", "{\"transactionId\":\"FP_1\",\"customerId\":\"C1\",\"bonusType\":\"welcome\","
                + "\"amount\":50.00,\"wageringRequirement\":1,\"expiresAt\":\"" + Instant.now().plusSeconds(3600)
                + "\"}"), 201);
        assertThat(field(balanceOf("C1"), "bonusBalance")).isEqualTo("50.00");
        assertThat(ok(api.get("/bonuses/FP_1"), 200).get("status").asText()).isEqualTo("active");
        assertThat(field(ok(api.get("/bonuses/FP_1"), 200), "wagered")).isEqualTo("0.00");
        ok(api.post("/collections/process-settlement", "{\"settlementId\":\"S3\",\"customerId\":\"C1\","
                + "\"amount\":60,\"type\":\"payout\",\"stake\":60}"), 200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(field(ok(api.get("/bonuses/FP_1"), 200), "wagered")).isEqualTo("60.00"));
        ok(api.post("/bonuses/FP_1/redeem", "{\"amount\":20,\"redemptionId\":\"R1\"}"), 200);
        assertThat(field(ok(api.get("/bonuses/FP_1"), 200), "redeemed")).isEqualTo("20.00");
        assertThat(field(balanceOf("C1"), "bonusBalance")).isEqualTo("30.00");

        ok(api.post("/bonuses", "{\"transactionId\":\"FP_2\",\"customerId\":\"C1\",\"bonusType\":\"welcome\","
                + "\"amount\":5.00,\"wageringRequirement\":1,\"expiresAt\":\"" + Instant.now().plusSeconds(2)
                + "\"}"), 201);
        assertThat(ok(api.get("/bonuses/FP_2"), 200).get("status").asText()).isEqualTo("active");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ok(api.get("/bonuses/FP_2"), 200).get("status").asText()).isEqualTo("expired"));

        String text = metrics();
        for (String[] expected : new String[][]{
                {"balances", "ACCOUNT_OPENED"}, {"balances", "BALANCE_UPDATED"}, {"balances", "HOLD_PLACED"},
                {"balances", "HOLD_RELEASED"}, {"balances", "HOLD_CAPTURED"},
                {"affiliates", "AFFILIATE_UPDATED"}, {"affiliates", "COMMISSION_CALCULATED"},
                {"affiliates", "PAYOUT_STARTED"}, {"affiliates", "DISTRIBUTION_PROCESSED"},
                {"bonuses", "BONUS_ISSUED"}, {"bonuses", "BONUS_WAGERED"}, {"bonuses", "BONUS_REDEEMED"},
                {"bonuses", "BONUS_EXPIRED"}}) {
            assertThat(text).as("invalidations of %s by %s", expected[0], expected[1])
                    .containsPattern("crystal_cache_invalidations_total\\{cache=\"" + expected[0] + "\",cause=\""
                            + expected[1] + "\",store=\"caffeine\"} [1-9]");
        }
        for (String cache : List.of("balances", "affiliates", "bonuses")) {
            assertThat(cacheFigures(cache).get("hits").asLong()).as("%s served from the cache", cache).isPositive();
        }
    }

    @Test
    void warmsTheBalancesOfTheMostRecentlyActiveCustomersAtStart() throws Exception {
        start(CacheSettings.defaults());
        for (String c : List.of("W1", "W2", "W3")) {
            ok(api.post("/customers", "{\"customerId\":\"" + c + "\",\"openingBalance\":100.00}"), 201);
        }
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S2\",\"customerId\":\"W2\",\"amount\":10,\"type\":\"collection\"}"), 200);
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"W1\",\"amount\":10,\"type\":\"payout\"}"), 200);
        server.stop();

        start(CacheSettings.defaults().withWarm(2));
        assertThat(server.platform().caches().warming().get()).isEqualTo(2);
        long before = balanceWorkerProcessed();
        assertThat(field(balanceOf("W1"), "balance")).isEqualTo("110.00");
        assertThat(field(balanceOf("W2"), "balance")).isEqualTo("90.00");
        assertThat(balanceWorkerProcessed()).as("warmed balances are served without asking the ledger")
                .isEqualTo(before);
        assertThat(cacheFigures("balances").get("hits").asLong()).isEqualTo(2);
        assertThat(field(balanceOf("W3"), "balance")).isEqualTo("100.00");
        assertThat(cacheFigures("balances").get("misses").asLong()).as("W3 was not among the two busiest")
                .isEqualTo(1);
    }

    @Test
    void onServesRepeatedReadsFromTheCacheAndShowsItsMetrics() throws Exception {
        start(CacheSettings.defaults());
        ok(api.post("/customers", "{\"customerId\":\"C1\",\"openingBalance\":5.00}"), 201);
        long before = balanceWorkerProcessed();
        for (int i = 0; i < 20; i++) {
            assertThat(field(balanceOf("C1"), "balance")).isEqualTo("5.00");
        }
        assertThat(balanceWorkerProcessed() - before).isLessThanOrEqualTo(1);
        JsonNode figures = ok(api.get("/ops/cache"), 200);
        assertThat(figures.get("enabled").asBoolean()).isTrue();
        assertThat(figures.get("store").asText()).isEqualTo("caffeine");
        assertThat(cacheFigures("balances").get("hitRate").asDouble()).isEqualTo(0.95);
        assertThat(metrics()).contains("cache_gets_total{cache=\"balances\",result=\"hit\",store=\"caffeine\"} 19.0")
                .contains("cache_gets_total{cache=\"balances\",result=\"miss\",store=\"caffeine\"} 1.0")
                .contains("cache_evictions_total{cache=\"balances\",store=\"caffeine\"}")
                .contains("crystal_cache_load_seconds_count{cache=\"balances\",store=\"caffeine\"}")
                .contains("cache_gets_total{cache=\"affiliates\"").contains("cache_gets_total{cache=\"bonuses\"");
        assertThat(text("/")).as("the dashboard has the cache tile").contains("id=\"cache-tile\"");
        assertThat(text("/dashboard/dashboard.js")).contains("/ops/cache");
    }

    @Test
    void offReallyBypassesTheCache() throws Exception {
        start(CacheSettings.defaults().withEnabled(false));
        ok(api.post("/customers", "{\"customerId\":\"C1\",\"openingBalance\":5.00}"), 201);
        long before = balanceWorkerProcessed();
        for (int i = 0; i < 20; i++) {
            assertThat(field(balanceOf("C1"), "balance")).isEqualTo("5.00");
        }
        assertThat(balanceWorkerProcessed() - before).as("every read asked the ledger").isGreaterThanOrEqualTo(20);
        JsonNode figures = ok(api.get("/ops/cache"), 200);
        assertThat(figures.get("enabled").asBoolean()).isFalse();
        assertThat(figures.get("store").asText()).isEqualTo("off");
        assertThat(figures.get("caches")).isEmpty();
        assertThat(metrics()).doesNotContain("cache_gets_total");
    }
}
