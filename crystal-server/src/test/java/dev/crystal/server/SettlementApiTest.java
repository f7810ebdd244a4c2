package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's settlement flow over real HTTP, real workers and real SQLite files, across a restart. */
class SettlementApiTest {
    static final String PAYOUT = """
            {"settlementId":"PEN_001","customerId":"CUST_001","amount":166.67,"type":"payout",
             "event":"Chiefs vs Bills","betType":"moneyline","stake":100.00,"payout":166.67,
             "paymentMethod":"wire_transfer","metadata":{"processedBy":"Agent Smith","retryCount":0}}""";

    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        startServer();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void startServer() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        api = new ApiClient(server.port());
    }

    private void restart() {
        assertThat(server.stop().clean()).isTrue();
        startServer();
    }

    private void createCustomer(String id, String opening) {
        var r = api.post("/customers", "{\"customerId\":\"" + id + "\",\"openingBalance\":" + opening + "}");
        assertThat(r.status()).isEqualTo(201);
    }

    @Test
    void customersAreCreatedOnceWithTheirOpeningBalance() {
        var created = api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("balance").decimalValue()).isEqualByComparingTo("100.00");
        var duplicate = api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":5}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("error").asText()).isEqualTo("CUSTOMER_EXISTS");
        var balance = api.get("/customers/CUST_001/balance");
        assertThat(balance.status()).isEqualTo(200);
        assertThat(balance.body().get("balance").toString()).isEqualTo("100.00");
    }

    @Test
    void payoutCreditsTheCustomerAndReportsTheFinalOutcome() {
        createCustomer("CUST_001", "100.00");
        var r = api.post("/collections/process-settlement", PAYOUT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("settlementId").asText()).isEqualTo("PEN_001");
        assertThat(r.body().get("status").asText()).isEqualTo("completed");
        assertThat(r.body().get("correlationId").asText()).isNotBlank();
        assertThat(r.body().get("balance").toString()).isEqualTo("266.67");
        assertThat(r.body().get("confirmationNumber").asText()).startsWith("CONF_PEN_001_");

        var stored = api.get("/settlements/PEN_001");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body().get("status").asText()).isEqualTo("completed");
        assertThat(stored.body().get("metadata").get("processedBy").asText()).isEqualTo("Agent Smith");
        assertThat(stored.body().get("correlationId").asText()).isEqualTo(r.body().get("correlationId").asText());
        // notifications reacted to SETTLEMENT_PROCESSED
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                api.get("/customers/CUST_001/notifications").body().get("notices")).hasSize(1));
    }

    @Test
    void collectionAboveTheBalanceFailsWithTheShortfallAndMovesNothing() {
        createCustomer("CUST_001", "50.00");
        var r = api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_009\",\"customerId\":\"CUST_001\",\"amount\":166.67,\"type\":\"collection\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("failed");
        assertThat(r.body().get("error").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(r.body().get("errorDetails").get("balance").toString()).isEqualTo("50.00");
        assertThat(r.body().get("errorDetails").get("required").toString()).isEqualTo("166.67");
        assertThat(r.body().get("errorDetails").get("shortfall").toString()).isEqualTo("116.67");
        assertThat(api.get("/customers/CUST_001/balance").body().get("balance").toString()).isEqualTo("50.00");

        var ok = api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_010\",\"customerId\":\"CUST_001\",\"amount\":50,\"type\":\"collection\"}");
        assertThat(ok.body().get("status").asText()).isEqualTo("completed");
        assertThat(ok.body().get("balance").toString()).isEqualTo("0.00");
    }

    @Test
    void resendingASettlementReturnsTheOriginalOutcomeAndMovesNoMoneyAgain() {
        createCustomer("CUST_001", "100.00");
        var first = api.post("/collections/process-settlement", PAYOUT);
        var again = api.post("/collections/process-settlement", PAYOUT);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(api.get("/customers/CUST_001/balance").body().get("balance").toString()).isEqualTo("266.67");

        var changed = api.post("/collections/process-settlement", PAYOUT.replace("166.67,\"type\"", "166.68,\"type\""));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.body().get("error").asText()).isEqualTo("SETTLEMENT_CONFLICT");
        assertThat(changed.body().get("field").asText()).isEqualTo("settlementId");
    }

    @Test
    void restartKeepsEveryBalanceAndSettlement() {
        createCustomer("CUST_001", "100.00");
        createCustomer("CUST_002", "20.00");
        var payout = api.post("/collections/process-settlement", PAYOUT);
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_002\",\"customerId\":\"CUST_002\",\"amount\":30,\"type\":\"collection\"}");
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_003\",\"customerId\":\"CUST_002\",\"amount\":5.5,\"type\":\"collection\"}");

        restart();

        assertThat(api.get("/customers/CUST_001/balance").body().get("balance").toString()).isEqualTo("266.67");
        assertThat(api.get("/customers/CUST_002/balance").body().get("balance").toString()).isEqualTo("14.50");
        assertThat(api.get("/settlements/PEN_001").body().get("status").asText()).isEqualTo("completed");
        assertThat(api.get("/settlements/PEN_002").body().get("status").asText()).isEqualTo("failed");
        assertThat(api.get("/settlements/PEN_003").body().get("status").asText()).isEqualTo("completed");
        // idempotency survives the restart too
        var again = api.post("/collections/process-settlement", PAYOUT);
        assertThat(again.body()).isEqualTo(payout.body());
        assertThat(api.get("/customers/CUST_001/balance").body().get("balance").toString()).isEqualTo("266.67");
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_001\"}").status()).isEqualTo(409);
    }

    @Test
    void badInputGetsA400NamingTheFieldAndTheProblem() {
        createCustomer("CUST_001", "100.00");
        String path = "/collections/process-settlement";
        assertError(api.post(path, "{\"settlementId\":"), 400, "MALFORMED_JSON", null);
        assertError(api.post(path, "[1,2]"), 400, "MALFORMED_JSON", null);
        assertError(api.post(path, ""), 400, "MALFORMED_JSON", null);
        assertError(api.post(path, "{\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"payout\"}"),
                400, "VALIDATION_FAILED", "settlementId");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"payout\",\"bogus\":1}"),
                400, "UNKNOWN_FIELD", "bogus");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":0,\"type\":\"payout\"}"),
                400, "VALIDATION_FAILED", "amount");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":-5,\"type\":\"payout\"}"),
                400, "VALIDATION_FAILED", "amount");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":1.001,\"type\":\"payout\"}"),
                400, "VALIDATION_FAILED", "amount");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":\"12\",\"type\":\"payout\"}"),
                400, "VALIDATION_FAILED", "amount");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"refund\"}"),
                400, "VALIDATION_FAILED", "type");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"payout\",\"stake\":1.234}"),
                400, "VALIDATION_FAILED", "stake");
        assertError(api.post(path, "{\"settlementId\":\"S\",\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"payout\",\"metadata\":[]}"),
                400, "VALIDATION_FAILED", "metadata");
        assertError(api.post("/customers", "{\"customerId\":\"C 1\"}"), 400, "VALIDATION_FAILED", "customerId");
        assertError(api.post("/customers", "{\"customerId\":\"C2\",\"openingBalance\":-1}"), 400, "VALIDATION_FAILED",
                "openingBalance");
        String huge = "{\"settlementId\":\"S\",\"event\":\"" + "x".repeat(1_100_000) + "\"}";
        assertError(api.post(path, huge), 413, "PAYLOAD_TOO_LARGE", null);
        // nothing of the above moved money
        assertThat(api.get("/customers/CUST_001/balance").body().get("balance").toString()).isEqualTo("100.00");
    }

    @Test
    void unknownThingsGet404WithAJsonBody() {
        assertError(api.get("/settlements/NOPE"), 404, "SETTLEMENT_NOT_FOUND", "settlementId");
        assertError(api.get("/customers/NOPE/balance"), 404, "CUSTOMER_NOT_FOUND", "customerId");
        assertError(api.post("/collections/process-settlement",
                        "{\"settlementId\":\"S1\",\"customerId\":\"NOPE\",\"amount\":1,\"type\":\"payout\"}"),
                404, "CUSTOMER_NOT_FOUND", "customerId");
        assertThat(api.get("/settlements/S1").status()).as("an unknown customer leaves no settlement").isEqualTo(404);
        assertError(api.get("/no/such/route"), 404, "NOT_FOUND", null);
    }

    @Test
    void correlationIdFromTheCallerIsKept() {
        createCustomer("CUST_001", "10.00");
        var r = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/collections/process-settlement"))
                .header("X-Correlation-Id", "corr_from_caller")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"settlementId\":\"S7\",\"customerId\":\"CUST_001\",\"amount\":1,\"type\":\"payout\"}"))
                .build());
        assertThat(r.body().get("correlationId").asText()).isEqualTo("corr_from_caller");
    }

    @Test
    void healthReportsEveryWorker() {
        var health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(health.body().get("workers")).extracting(w -> w.get("name").asText())
                .contains("balance", "collections", "notifications", "distributions", "freeplay", "adjustments",
                        "workflows");
    }

    private static void assertError(ApiClient.Response r, int status, String code, String field) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isEqualTo(code);
        assertThat(r.body().get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(r.body().get("field").asText()).isEqualTo(field);
        }
    }
}
