package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.http.ApiError;
import dev.crystal.server.http.WorkflowRoutes;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow routes over real HTTP on the embedded domains: a settlement shows up as workflow progress. */
class WorkflowRoutesTest {
    @TempDir
    Path dataDir;
    WorkerRuntime runtime;
    SettlementAssembly domains;
    Javalin http;
    ApiClient api;

    @BeforeEach
    void start() {
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("routes"));
        domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        http = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        // HttpApi renders ApiErrors the same way; this test stays independent of HttpApi's constructor
        http.exception(ApiError.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.code());
            body.put("field", e.field());
            body.put("message", e.getMessage());
            ctx.status(e.status()).json(body);
        });
        new WorkflowRoutes(runtime).mount(http);
        http.start(0);
        api = new ApiClient(http.port());
    }

    @AfterEach
    void stop() {
        http.stop();
        runtime.shutdown();
        domains.close();
    }

    @Test
    void listsTheShippedDefinitions() {
        var r = api.get("/workflows");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.body().get("workflows").forEach(w -> names.add(w.get("name").asText()));
        assertThat(names).containsExactly("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW", "BONUS_REDEMPTION");
        JsonNode seed = r.body().get("workflows").get(0);
        assertThat(seed.get("source").asText()).isEqualTo("classpath:workflows/settlement-to-distribution.yaml");
        assertThat(seed.get("steps").get(1).get("message").asText()).isEqualTo("BALANCE_UPDATED");
        assertThat(seed.get("steps").get(1).get("after").get(0).asText()).isEqualTo("process_settlement");
    }

    @Test
    void aSettlementStartsTheSettlementToDistributionWorkflow() {
        var opened = runtime.request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CUST_001", Money.of("100.00")),
                null, Duration.ofSeconds(5)).join();
        assertThat(opened).isInstanceOf(Reply.Success.class);
        var settled = runtime.request(Addresses.COLLECTIONS, new CollectionsCommand.ProcessSettlement(
                new SettlementRequest("PEN_001", "CUST_001", SettlementType.PAYOUT, Money.of("166.67"), null, null,
                        null, null, null, null)), "corr_wf_1", Duration.ofSeconds(10)).join();
        assertThat(((Reply.Success<SettlementOutcome>) settled).value()).isInstanceOf(SettlementOutcome.Completed.class);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var r = api.get("/workflows/corr_wf_1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("correlationId").asText()).isEqualTo("corr_wf_1");
            JsonNode instance = r.body().get("instances").get(0);
            assertThat(instance.get("workflow").asText()).isEqualTo("SETTLEMENT_TO_DISTRIBUTION");
            assertThat(instance.get("status").asText()).isEqualTo("in_progress");
            assertThat(instance.get("steps").get(0).get("status").asText()).isEqualTo("done");
            assertThat(instance.get("steps").get(1).get("status").asText()).isEqualTo("done");
            assertThat(instance.get("steps").get(1).has("at")).isTrue();
            assertThat(instance.get("steps").get(2).get("status").asText()).isEqualTo("pending");
            assertThat(instance.get("steps").get(2).has("at")).isFalse();
        });
    }

    @Test
    void unknownCorrelationIsNotFound() {
        var r = api.get("/workflows/corr_nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("error").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
        assertThat(r.body().get("field").asText()).isEqualTo("correlationId");
        assertThat(r.body().get("message").asText()).contains("corr_nothing");
    }

    @Test
    void malformedCorrelationIsRefused() {
        var r = api.get("/workflows/bad%20id");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.body().get("field").asText()).isEqualTo("correlationId");
    }
}
