package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.settlement.assembly.DomainSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One end-to-end scenario per shipped YAML workflow, followed by correlation id over HTTP. */
class WorkflowsApiTest {
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

    private void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir));
        api = new ApiClient(server);
    }

    private ApiClient.Response post(String path, String body, String correlationId) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Correlation-Id", correlationId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode instance(String correlationId, String workflow) {
        JsonNode progress = api.get("/workflows/" + correlationId).body();
        for (JsonNode i : progress.get("instances")) {
            if (i.get("workflow").asText().equals(workflow)) {
                return i;
            }
        }
        throw new AssertionError("no " + workflow + " instance in " + progress);
    }

    @Test
    void shippedWorkflowsAreListed() {
        start();
        JsonNode defs = api.get("/workflows").body().get("workflows");
        assertThat(defs).extracting(d -> d.get("name").asText())
                .contains("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW", "BONUS_REDEMPTION");
        assertThat(api.get("/workflows/corr_unknown").status()).isEqualTo(404);
    }

    @Test
    void settlementToDistributionCompletesForAnAffiliatesCustomer() {
        start();
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":500.00}");
        api.post("/affiliates", "{\"affiliateId\":\"AFF_001\",\"commissionRate\":20.0}");
        api.post("/affiliates/AFF_001/customers", "{\"customerId\":\"CUST_001\"}");
        assertThat(post("/collections/process-settlement", "{\"settlementId\":\"PEN_001\",\"customerId\":\"CUST_001\","
                + "\"amount\":166.67,\"type\":\"collection\"}", "corr_flow_1").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode i = instance("corr_flow_1", "SETTLEMENT_TO_DISTRIBUTION");
            assertThat(i.get("status").asText()).isEqualTo("completed");
            assertThat(i.get("steps")).extracting(s -> s.get("status").asText()).containsOnly("done");
        });
    }

    @Test
    void bonusIssueAndRedemptionFlowsComplete() {
        start();
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}");
        assertThat(post("/bonuses", "{\"transactionId\":\"FP_1\",\"customerId\":\"CUST_001\",\"bonusType\":\"welcome\","
                + "\"amount\":10,\"wageringRequirement\":0,\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\"}",
                "corr_bonus_1").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(instance("corr_bonus_1", "BONUS_FLOW").get("status").asText()).isEqualTo("completed"));

        assertThat(post("/bonuses/FP_1/redeem", "{\"amount\":4}", "corr_redeem_1").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(instance("corr_redeem_1", "BONUS_REDEMPTION").get("status").asText()).isEqualTo("completed"));
    }

    @Test
    void anInvalidWorkflowFileStopsStartUpNamingFileLineAndProblem() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("flows"));
        Files.writeString(dir.resolve("broken.yaml"), """
                workflow: BROKEN
                steps:
                  - domain: collections
                    action: process_settlement
                    message: SETTLEMENT_PROCESSED
                  - domain: treasury
                    action: move_money
                    message: BALANCE_UPDATED
                """);
        var settings = CrystalServer.Settings.of(0, dataDir.resolve("data")).withDomains(
                DomainSettings.defaults().withWorkflowsDir(dir));
        Throwable failure = Assertions.catchThrowable(() -> CrystalServer.start(settings));
        assertThat(failure).hasMessageContaining("broken.yaml").hasMessageContaining(":6")
                .hasMessageContaining("treasury");
    }
}
