package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.cli.CrystalCommand;
import dev.crystal.server.http.Json;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.store.trace.TraceSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following one settlement end to end (embedded): it fails for insufficient funds, the customer is topped up, its
 * retry job completes it and the customer is notified — {@code GET /traces/{id}} and {@code crystal trace} show
 * every step of that in one tree, found by settlement, correlation or job id.
 */
class TraceApiTest {
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

    private void start(TraceSettings trace) {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withDomains(DomainSettings.defaults()
                .withSettlementRetry(new RetryPolicy(3, Duration.ofSeconds(2))).withTrace(trace)));
        api = new ApiClient(server);
    }

    @Test
    void aSettlementRetriedAfterInsufficientFundsShowsAsOneTreeFromRequestToNotice() throws Exception {
        start(TraceSettings.on());
        assertThat(api.post("/customers", "{\"customerId\":\"TC_1\",\"openingBalance\":10}").status()).isEqualTo(201);
        var failed = api.postWithHeaders("/collections/process-settlement",
                "{\"settlementId\":\"PEN_T1\",\"customerId\":\"TC_1\",\"amount\":50,\"type\":\"collection\"}",
                "X-Correlation-Id", "corr-trace-1");
        assertThat(failed.body().get("status").asText()).isEqualTo("failed");
        assertThat(failed.body().get("error").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        // the top-up, before the retry job is due
        assertThat(api.post("/collections/process-settlement",
                "{\"settlementId\":\"TOPUP_T1\",\"customerId\":\"TC_1\",\"amount\":100,\"type\":\"payout\"}")
                .body().get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(
                api.get("/settlements/PEN_T1").body().get("status").asText()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            server.platform().traceLog().flush(5_000);
            JsonNode t = api.get("/traces/PEN_T1").body();
            assertThat(allSteps(t.get("steps"))).anyMatch(s -> s.get("type").asText().equals("NOTICE_SENT")
                    && s.path("subject").asText().startsWith("SETTLEMENT_PROCESSED"));
        });

        var byId = api.get("/traces/PEN_T1");
        assertThat(byId.status()).isEqualTo(200);
        JsonNode trace = byId.body();
        assertThat(trace.get("correlationId").asText()).isEqualTo("corr-trace-1");
        JsonNode steps = trace.get("steps");

        // the HTTP request is a root and caused the settlement at collections, which asked the ledger
        JsonNode http = find(steps, s -> s.get("kind").asText().equals("http"));
        assertThat(http.get("type").asText()).isEqualTo("POST /collections/process-settlement");
        assertThat(http.get("outcome").asText()).isEqualTo("200");
        JsonNode process = child(http, "PROCESS_SETTLEMENT");
        assertThat(process.get("to").asText()).isEqualTo("collections");
        assertThat(process.get("node").asText()).isEqualTo("embedded");
        assertThat(process.get("outcome").asText()).isEqualTo("HANDLED");
        JsonNode firstPosting = child(process, "POST_SETTLEMENT");
        assertThat(firstPosting.get("to").asText()).isEqualTo("balance");
        JsonNode failedNotice = child(process, "SETTLEMENT_FAILED", "notifications");
        assertThat(failedNotice.get("outcome").asText()).isEqualTo("HANDLED");
        for (String timing : List.of("queueWaitMs", "handlingMs", "commitWaitMs")) {
            assertThat(process.get(timing).decimalValue()).isNotNegative();
        }

        // the retry job is a root of its own; its attempt sent the retry, which completed and notified
        JsonNode job = find(steps, s -> s.get("kind").asText().equals("job"));
        assertThat(job.get("type").asText()).isEqualTo("settlement-retries");
        assertThat(job.get("to").asText()).isEqualTo("settlement-retries/retry-PEN_T1-0");
        assertThat(job.get("outcome").asText()).isEqualTo("completed");
        JsonNode retry = child(job, "RETRY_SETTLEMENT");
        JsonNode secondPosting = child(retry, "POST_SETTLEMENT");
        assertThat(secondPosting.get("outcome").asText()).isEqualTo("HANDLED");
        JsonNode notified = child(retry, "SETTLEMENT_PROCESSED", "notifications");
        assertThat(notified.get("children")).anyMatch(c -> c.get("type").asText().equals("NOTICE_SENT"));
        assertThat(child(retry, "SETTLEMENT_PROCESSED", "workflows").get("outcome").asText()).isEqualTo("HANDLED");

        assertThat(trace.at("/finalState/settlements/0/settlementId").asText()).isEqualTo("PEN_T1");
        assertThat(trace.at("/finalState/settlements/0/status").asText()).isEqualTo("completed");
        assertThat(trace.at("/finalState/settlements/0/retryCount").asInt()).isEqualTo(1);
        assertThat(trace.get("deadLetters")).isEmpty();

        // the same tree by correlation id and by job id
        assertThat(api.get("/traces/corr-trace-1").body().get("steps")).isEqualTo(steps);
        assertThat(api.get("/traces/retry-PEN_T1-0").body().get("correlationId").asText()).isEqualTo("corr-trace-1");
        assertThat(api.get("/traces/nothing-like-this").status()).isEqualTo(404);
        assertThat(api.get("/traces/nothing-like-this").body().get("error").asText()).isEqualTo("TRACE_NOT_FOUND");

        // the command line prints the same tree, as text, YAML and JSON
        String url = "http://127.0.0.1:" + server.port();
        String text = cli("trace", "PEN_T1", "--url", url, "--data-dir", dataDir.toString());
        assertThat(text).contains("trace corr-trace-1 (PEN_T1)", "POST /collections/process-settlement",
                "PROCESS_SETTLEMENT external → collections", "POST_SETTLEMENT collections → balance",
                "job settlement-retries/retry-PEN_T1-0", "RETRY_SETTLEMENT jobs → collections",
                "SETTLEMENT_PROCESSED collections → notifications", "NOTICE_SENT notifications → ",
                "settlement PEN_T1: completed, retries 1", "dead letters: none", "[embedded]");
        String yaml = cli("trace", "PEN_T1", "--yaml", "--url", url, "--data-dir", dataDir.toString());
        assertThat(yaml).contains("correlationId: corr-trace-1", "steps:", "queueWaitMs:", "commitWaitMs:");
        String json = cli("trace", "retry-PEN_T1-0", "--json", "--url", url, "--data-dir", dataDir.toString());
        assertThat(Json.mapper().readTree(json).get("correlationId").asText())
                .isEqualTo("corr-trace-1");
        Files.writeString(Path.of("target", "trace-example.txt"), text);
    }

    @Test
    void withTracingOffNothingIsRecordedAndSamplingKeepsWholeOperations() {
        start(TraceSettings.off());
        assertThat(api.post("/customers", "{\"customerId\":\"TC_2\",\"openingBalance\":10}").status()).isEqualTo(201);
        api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_T2\",\"customerId\":\"TC_2\",\"amount\":1,\"type\":\"payout\"}");
        server.platform().traceLog().flush(5_000);
        assertThat(server.platform().traceLog().count()).isZero();
        assertThat(api.get("/traces/PEN_T2").status()).isEqualTo(404);
        server.stop();

        start(TraceSettings.on().withMode("sample=4"));
        int traced = 0;
        for (int i = 0; i < 40; i++) {
            var r = api.post("/collections/process-settlement", "{\"settlementId\":\"PEN_S" + i
                    + "\",\"customerId\":\"TC_2\",\"amount\":1,\"type\":\"payout\"}");
            server.platform().traceLog().flush(5_000);
            var t = api.get("/traces/" + r.body().get("correlationId").asText());
            if (t.status() == 200) {
                traced++;
                // a sampled operation is whole: request, collections and balance
                assertThat(allSteps(t.body().get("steps"))).extracting(s -> s.get("type").asText())
                        .contains("POST /collections/process-settlement", "PROCESS_SETTLEMENT", "POST_SETTLEMENT");
            }
        }
        assertThat(traced).isBetween(2, 25);
    }

    @Test
    void bonusAndAdjustmentIdsFindTheirOperations() {
        start(TraceSettings.on());
        assertThat(api.post("/customers", "{\"customerId\":\"TC_3\",\"openingBalance\":10}").status()).isEqualTo(201);
        assertThat(api.post("/bonuses", "{\"transactionId\":\"FP_T3\",\"customerId\":\"TC_3\","
                + "\"bonusType\":\"welcome_bonus\",\"amount\":5.00,\"wageringRequirement\":1,"
                + "\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\",\"reference\":\"W\"}")
                .status()).isEqualTo(201);
        assertThat(api.post("/adjustments", "{\"adjustmentId\":\"ADJ_T3\",\"customerId\":\"TC_3\","
                + "\"direction\":\"credit\",\"amount\":20,\"reason\":\"correction\"}")
                .status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            server.platform().traceLog().flush(5_000);
            var bonus = api.get("/traces/FP_T3");
            assertThat(bonus.status()).isEqualTo(200);
            assertThat(allSteps(bonus.body().get("steps"))).anyMatch(s -> s.get("to").asText().equals("freeplay"))
                    .anyMatch(s -> s.get("type").asText().equals("POST /bonuses"));
            var adjustment = api.get("/traces/ADJ_T3");
            assertThat(adjustment.status()).isEqualTo(200);
            assertThat(allSteps(adjustment.body().get("steps")))
                    .anyMatch(s -> s.get("to").asText().equals("adjustments"))
                    .anyMatch(s -> s.get("to").asText().equals("balance"));
            // a customer id lists every operation that concerns the customer
            var customer = api.get("/traces?search=TC_3");
            assertThat(customer.body().get("matches").size()).isGreaterThanOrEqualTo(3);
        });
    }

    private static String cli(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CrystalCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
        }
        assertThat(exit).as(buffer.toString(StandardCharsets.UTF_8)).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static List<JsonNode> allSteps(JsonNode stepOrSteps) {
        List<JsonNode> out = new ArrayList<>();
        if (stepOrSteps.isArray()) {
            stepOrSteps.forEach(s -> out.addAll(allSteps(s)));
        } else {
            out.add(stepOrSteps);
            stepOrSteps.path("children").forEach(c -> out.addAll(allSteps(c)));
        }
        return out;
    }

    private static JsonNode find(JsonNode steps, Predicate<JsonNode> which) {
        for (JsonNode s : steps) {
            if (which.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no root step matches in " + steps.toPrettyString());
    }

    private static JsonNode child(JsonNode step, String type) {
        return find(step.get("children"), c -> c.get("type").asText().equals(type));
    }

    private static JsonNode child(JsonNode step, String type, String to) {
        return find(step.get("children"), c -> c.get("type").asText().equals(type) && c.get("to").asText().equals(to));
    }
}
