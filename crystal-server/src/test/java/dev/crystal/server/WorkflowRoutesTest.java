package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.http.HttpApi;
import dev.crystal.settlement.assembly.EmbeddedDomains;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow routes over real HTTP on the embedded domains: a settlement shows up as workflow progress. */
class WorkflowRoutesTest {
    @TempDir
    Path dataDir;
    WorkerRuntime runtime;
    EmbeddedDomains domains;
    Javalin http;
    ApiClient api;

    @BeforeEach
    void start() {
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("routes"));
        domains = EmbeddedDomains.install(runtime, dataDir);
        runtime.start();
        domains.startBackgroundJobs();
        http = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        new HttpApi(runtime, Duration.ofSeconds(10), java.time.InstantSource.system(), domains.jobs(),
                new dev.crystal.server.http.MessageTap(), dev.crystal.wire.WireFlags.defaults()).mount(http);
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
        assertThat(api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":100.00}").status())
                .isEqualTo(201);
        var settled = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                        + "/collections/process-settlement"))
                .header("Content-Type", "application/json").header(HttpApi.CORRELATION_HEADER, "corr_wf_1")
                .POST(HttpRequest.BodyPublishers.ofString(SettlementApiTest.PAYOUT)).build());
        assertThat(settled.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var r = api.get("/workflows/corr_wf_1");
            assertThat(r.status()).isEqualTo(200);
            JsonNode instance = r.body().get("instances").get(0);
            assertThat(instance.get("workflow").asText()).isEqualTo("SETTLEMENT_TO_DISTRIBUTION");
            assertThat(instance.get("steps").get(0).get("status").asText()).isEqualTo("done");
            assertThat(instance.get("steps").get(1).get("status").asText()).isEqualTo("done");
            assertThat(instance.get("steps").get(1).has("at")).isTrue();
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
