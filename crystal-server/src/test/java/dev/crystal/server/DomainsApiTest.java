package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.crystal.server.auth.Role;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every domain over real HTTP on the embedded platform: each test is one user scenario. */
class DomainsApiTest {
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

    private void start(DomainSettings settings) {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withDomains(settings));
        api = new ApiClient(server);
    }

    private void start() {
        start(DomainSettings.defaults());
    }

    private JsonNode ok(ApiClient.Response r, int status) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        return r.body();
    }

    private String balance(String customer, String field) {
        return api.get("/customers/" + customer + "/balance").body().get(field).toString();
    }

    @Test
    void failedCollectionIsRetriedOnScheduleAndSucceedsOnceFundsArrive() {
        start(DomainSettings.defaults().withSettlementRetry(new RetryPolicy(2, Duration.ofSeconds(1))));
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":50.00}"), 201);
        JsonNode failed = ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_001\",\"customerId\":\"CUST_001\",\"amount\":166.67,\"type\":\"collection\"}"), 200);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("retryCount").asInt()).isZero();
        assertThat(Instant.parse(failed.get("nextRetryAt").asText())).isAfter(Instant.now().minusSeconds(1));

        ok(api.post("/adjustments", "{\"adjustmentId\":\"ADJ_1\",\"customerId\":\"CUST_001\",\"direction\":\"credit\","
                + "\"amount\":200,\"reason\":\"deposit correction\"}"), 201);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode s = api.get("/settlements/PEN_001").body();
            assertThat(s.get("status").asText()).isEqualTo("completed");
            assertThat(s.get("retryCount").asInt()).isEqualTo(1);
        });
        assertThat(balance("CUST_001", "balance")).isEqualTo("83.33");
    }

    @Test
    void settlementToDistributionAccruesCommissionAndPaysItThroughTheLedger() {
        start();
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":1000.00}"), 201);
        ok(api.post("/affiliates", "{\"affiliateId\":\"AFF_001\",\"commissionRate\":20.0,"
                + "\"performanceBonusThreshold\":500.00,\"performanceBonusRate\":10}"), 201);
        ok(api.post("/affiliates/AFF_001/customers", "{\"customerId\":\"CUST_001\"}"), 201);
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":800,\"type\":\"collection\"}"), 200);
        ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S2\",\"customerId\":\"CUST_001\",\"amount\":100,\"type\":\"payout\"}"), 200);
        String period = YearMonth.now(ZoneOffset.UTC).toString();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode c = ok(api.post("/distributions/calculate", "{\"period\":\"" + period + "\"}"), 200)
                    .get("commissions").get(0);
            assertThat(c.get("baseRevenue").toString()).isEqualTo("700.00");
            assertThat(c.get("calculatedAmount").toString()).isEqualTo("140.00");
            assertThat(c.get("performanceBonus").toString()).isEqualTo("14.00");
            assertThat(c.get("totalAmount").toString()).isEqualTo("154.00");
        });
        JsonNode paid = ok(api.post("/distributions/payout",
                "{\"affiliateId\":\"AFF_001\",\"period\":\"" + period + "\"}"), 200);
        assertThat(paid.get("status").asText()).isEqualTo("completed");
        assertThat(paid.get("amount").toString()).isEqualTo("154.00");
        assertThat(paid.get("transactionId").asText()).isEqualTo("TXN_DIST_AFF_001_" + period);
        // paying again answers with the same distribution and moves nothing
        assertThat(ok(api.post("/distributions/payout", "{\"affiliateId\":\"AFF_001\",\"period\":\"" + period + "\"}"),
                200)).isEqualTo(paid);
        JsonNode affiliate = ok(api.get("/affiliates/AFF_001"), 200);
        assertThat(affiliate.get("statements").get(0).get("status").asText()).isEqualTo("paid");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                api.get("/affiliates/AFF_001/notifications").body().get("notices")).isNotEmpty());
        assertThat(api.post("/affiliates/AFF_002/customers", "{\"customerId\":\"CUST_001\"}").status()).isEqualTo(404);
    }

    @Test
    void bonusIsWageredRedeemedInPartsAndTheRestExpires() {
        start();
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}"), 201);
        JsonNode issued = ok(api.post("/bonuses", "{\"transactionId\":\"FP_1\",\"customerId\":\"CUST_001\","
                + "\"bonusType\":\"welcome_bonus\",\"amount\":50.00,\"wageringRequirement\":2,"
                + "\"expiresAt\":\"" + Instant.now().plusSeconds(4) + "\",\"reference\":\"WELCOME_2025\"}"), 201);
        assertThat(issued.get("status").asText()).isEqualTo("active");
        assertThat(balance("CUST_001", "bonusBalance")).isEqualTo("50.00");

        JsonNode early = api.post("/bonuses/FP_1/redeem", "{\"amount\":10}").body();
        assertThat(early.get("error").asText()).isEqualTo("WAGERING_NOT_MET");

        ok(api.post("/collections/process-settlement", "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\","
                + "\"amount\":100,\"type\":\"payout\",\"stake\":100}"), 200);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(api.get("/bonuses/FP_1").body().get("wagered").toString()).isEqualTo("100.00"));

        JsonNode redeemed = ok(api.post("/bonuses/FP_1/redeem", "{\"amount\":20,\"redemptionId\":\"R1\"}"), 200);
        assertThat(redeemed.get("status").asText()).isEqualTo("partially_redeemed");
        assertThat(redeemed.get("remainingAmount").toString()).isEqualTo("30.00");
        // the same redemption id again moves nothing
        ok(api.post("/bonuses/FP_1/redeem", "{\"amount\":20,\"redemptionId\":\"R1\"}"), 200);
        assertThat(balance("CUST_001", "balance")).isEqualTo("220.00");
        assertThat(balance("CUST_001", "bonusBalance")).isEqualTo("30.00");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode bonus = api.get("/bonuses/FP_1").body();
            assertThat(bonus.get("status").asText()).isEqualTo("expired");
            assertThat(bonus.get("forfeited").toString()).isEqualTo("30.00");
        });
        assertThat(balance("CUST_001", "bonusBalance")).isEqualTo("0.00");
        assertThat(api.post("/bonuses/FP_1/redeem", "{}").body().get("error").asText()).isEqualTo("BONUS_NOT_ACTIVE");
    }

    @Test
    void largeAdjustmentsNeedASecondDifferentApprover() {
        start();
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":10.00}"), 201);
        // who requests and who approves comes from the API key, not from the body
        ApiClient alice = api.as(server.keys().create("alice", Role.ADMIN, List.of()).secret());
        ApiClient bob = api.as(server.keys().create("bob", Role.ADMIN, List.of()).secret());
        ApiClient carol = api.as(server.keys().create("carol", Role.OPERATOR, List.of()).secret());
        String big = "{\"adjustmentId\":\"ADJ_9\",\"customerId\":\"CUST_001\",\"direction\":\"credit\","
                + "\"amount\":2500.00,\"reason\":\"chargeback reversal\"}";
        JsonNode pending = ok(alice.post("/adjustments", big), 202);
        assertThat(pending.get("requestedBy").asText()).startsWith("alice#k_");
        assertThat(pending.get("status").asText()).isEqualTo("pending_approval");
        assertThat(balance("CUST_001", "balance")).isEqualTo("10.00");

        ApiClient.Response self = alice.post("/adjustments/ADJ_9/approve", "");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body().get("error").asText()).isEqualTo("FOUR_EYES_REQUIRED");

        JsonNode applied = ok(bob.post("/adjustments/ADJ_9/approve", "{\"approvedBy\":\"bob\"}"), 200);
        assertThat(applied.get("status").asText()).isEqualTo("applied");
        assertThat(applied.get("approvedBy").asText()).startsWith("bob#k_");
        assertThat(balance("CUST_001", "balance")).isEqualTo("2510.00");
        assertThat(alice.post("/adjustments", big).body().get("status").asText()).isEqualTo("applied"); // re-send
        assertThat(balance("CUST_001", "balance")).isEqualTo("2510.00");

        JsonNode debit = ok(carol.post("/adjustments", "{\"adjustmentId\":\"ADJ_10\",\"customerId\":\"CUST_001\","
                + "\"direction\":\"debit\",\"amount\":9999,\"reason\":\"x\"}"), 202);
        assertThat(debit.get("status").asText()).isEqualTo("pending_approval");
        JsonNode refused = ok(bob.post("/adjustments/ADJ_10/approve", ""), 200);
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(refused.get("error").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(balance("CUST_001", "balance")).isEqualTo("2510.00");
    }

    @Test
    void holdsReserveCashUntilReleasedOrCaptured() {
        start();
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}"), 201);
        ok(api.post("/customers/CUST_001/holds", "{\"holdId\":\"H1\",\"amount\":70,\"reason\":\"pending bet\"}"), 201);
        assertThat(balance("CUST_001", "available")).isEqualTo("30.00");
        JsonNode refused = api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":50,\"type\":\"collection\"}").body();
        assertThat(refused.get("error").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(api.post("/customers/CUST_001/holds", "{\"holdId\":\"H2\",\"amount\":31}").status()).isEqualTo(409);

        ok(api.post("/customers/CUST_001/holds/H1/capture", ""), 200);
        assertThat(balance("CUST_001", "balance")).isEqualTo("30.00");
        assertThat(balance("CUST_001", "held")).isEqualTo("0.00");
        ok(api.post("/customers/CUST_001/holds", "{\"holdId\":\"H3\",\"amount\":10}"), 201);
        JsonNode released = ok(api.post("/customers/CUST_001/holds/H3/release", ""), 200);
        assertThat(released.get("status").asText()).isEqualTo("released");
        assertThat(balance("CUST_001", "available")).isEqualTo("30.00");
        assertThat(api.post("/customers/CUST_001/holds/NOPE/release", "").status()).isEqualTo(404);
    }

    @Test
    void ledgerHistoryIsPaginatedNewestFirstWithRunningBalances() {
        start();
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}"), 201);
        for (int i = 1; i <= 5; i++) {
            ok(api.post("/collections/process-settlement", "{\"settlementId\":\"P" + i
                    + "\",\"customerId\":\"CUST_001\",\"amount\":" + i + ",\"type\":\"payout\"}"), 200);
        }
        JsonNode page1 = ok(api.get("/customers/CUST_001/ledger?limit=4"), 200);
        assertThat(page1.get("entries")).hasSize(4);
        assertThat(page1.get("entries").get(0).get("postingId").asText()).isEqualTo("settlement:P5");
        assertThat(page1.get("entries").get(0).get("balanceAfter").toString()).isEqualTo("115.00");
        assertThat(page1.get("entries").get(1).get("balanceAfter").toString()).isEqualTo("110.00");
        JsonNode page2 = ok(api.get(page1.get("next").asText()), 200);
        assertThat(page2.get("entries")).extracting(e -> e.get("postingId").asText())
                .containsExactly("settlement:P1", "open:CUST_001");
        assertThat(page2.has("nextCursor")).isFalse();
        assertThat(page2.has("next")).isFalse();
        assertThat(api.get("/customers/CUST_001/ledger?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/customers/NOPE/ledger").status()).isEqualTo(404);
    }

    @Test
    void aFailingNotificationChannelNeverBlocksASettlement() {
        start(DomainSettings.defaults().withNoticeChannel("webhook:http://127.0.0.1:9/unreachable"));
        ok(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":10.00}"), 201);
        JsonNode done = ok(api.post("/collections/process-settlement",
                "{\"settlementId\":\"S1\",\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"payout\"}"), 200);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode notices = api.get("/customers/CUST_001/notifications").body().get("notices");
            assertThat(notices).isNotEmpty();
            assertThat(notices.get(0).get("status").asText()).isEqualTo("pending");
        });
    }

    @Test
    void openApiDescriptionIsServedAndNamesEveryRoute() throws Exception {
        start();
        var response = api.getText("/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = new YAMLMapper().readTree(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").fieldNames()).toIterable().contains("/customers",
                "/collections/process-settlement", "/settlements/{id}", "/customers/{id}/ledger", "/affiliates",
                "/distributions/calculate", "/distributions/payout", "/bonuses", "/bonuses/{id}/redeem",
                "/adjustments", "/adjustments/{id}/approve", "/workflows/{correlationId}", "/health");
    }
}
