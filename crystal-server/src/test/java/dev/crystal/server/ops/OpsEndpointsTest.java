package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /alerts, /report and the dashboard assets of a live server. */
class OpsEndpointsTest {
    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        // alerts fire on their first evaluation here (fireAfter 0): these tests read one tick (AlertHysteresisTest covers the default)
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir), AlertSettings.defaults().withHysteresis(
                Duration.ZERO, AlertSettings.DEFAULT_RESOLVE_AFTER, AlertSettings.DEFAULT_RESOLVE_RATIO));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    HttpResponse<String> get(String path) {
        return api.getText(path);
    }

    void settle() {
        api.post("/customers", "{\"customerId\":\"CUST_M\",\"openingBalance\":10}");
        api.post("/collections/process-settlement", "{\"settlementId\":\"S_M\",\"customerId\":\"CUST_M\","
                + "\"amount\":5,\"type\":\"payout\"}");
    }

    @Test
    void metricsExposeWorkerHttpJvmAndForeignMetersAndPassPromtool() throws Exception {
        // meters other modules register (breakers, job queues) go to the same registry and show up
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(server.registry());
        breakers.circuitBreaker("notifications");
        AtomicLong waiting = new AtomicLong(7);
        Gauge.builder(MeterReader.QUEUE_DEPTH, waiting, AtomicLong::get).tags("queue", "payouts", "state", "waiting")
                .register(server.registry());
        settle();
        get("/health");

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(ct ->
                assertThat(ct).startsWith("text/plain"));
        assertThat(metrics.body()).contains(
                "crystal_worker_processing_seconds_bucket{",
                "crystal_worker_processed_total{runtime=\"platform\",worker=\"collections\"}",
                "crystal_worker_mailbox_depth{",
                "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/collections/process-settlement\"}",
                "uri=\"/health\"",
                "jvm_memory_used_bytes{",
                "jvm_gc_",
                "resilience4j_circuitbreaker_state{",
                "crystal_jobs_depth{queue=\"payouts\",state=\"waiting\"} 7.0");

        Path promtool = Path.of("/usr/bin/promtool");
        assumeThat(Files.isExecutable(promtool))
                .as("promtool is not installed (apt-get install -y prometheus); .ci/run installs it and checks too")
                .isTrue();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(metrics.body().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics said: %s", output).isZero();
    }

    @Test
    void httpMetricsUseRoutePatternsNotRawPaths() throws Exception {
        get("/settlements/UNKNOWN_1");
        get("/settlements/UNKNOWN_2");
        get("/no/such/route");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("uri=\"/settlements/{id}\"", "uri=\"NOT_FOUND\"")
                .doesNotContain("UNKNOWN_1", "/no/such/route");
    }

    @Test
    void breakersAndQueuesShowUpInTheDashboardSnapshot() throws Exception {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(server.registry());
        breakers.circuitBreaker("notifications").transitionToOpenState();
        Gauge.builder(MeterReader.QUEUE_DEPTH, () -> 3).tags("queue", "payouts", "state", "delayed")
                .register(server.registry());
        OpsView view = server.ops().tick();
        // the platform's own notice-channel breaker (the notifications worker's runtime guard) is there too, closed
        assertThat(view.snapshot().breakers()).contains(new OpsSnapshot.BreakerFigures("notifications", "open"),
                new OpsSnapshot.BreakerFigures("notifications/log", "closed"));
        assertThat(view.snapshot().queues()).filteredOn(q -> q.name().equals("payouts")).singleElement()
                .satisfies(q -> assertThat(q.backlog()).isEqualTo(3));
        assertThat(view.alerts().active()).extracting(Alert::kind).contains(AlertKind.CIRCUIT_BREAKER_OPEN);
        JsonNode alerts = new ObjectMapper().readTree(get("/alerts").body());
        assertThat(alerts.get("active").toString()).contains("CIRCUIT_BREAKER_OPEN", "notifications", "since");
        assertThat(alerts.has("resolved")).isTrue();
    }

    @Test
    void reportIsTheSeedsYamlWithFiguresAndDerivedRecommendations() throws Exception {
        DistributionSummary ratio = DistributionSummary
                .builder(MeterReader.COMPRESSION_RATIO).tag("algorithm", "lz4").register(server.registry());
        ratio.record(3.0);
        ratio.record(5.0);
        settle();
        server.ops().tick();
        HttpResponse<String> report = get("/report");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(ct ->
                assertThat(ct).startsWith("application/yaml"));
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(report.body());
        assertThat(doc.get("reportType").asText()).isEqualTo("WORKER_PERFORMANCE");
        assertThat(doc.get("period").has("from")).isTrue();
        assertThat(doc.get("metrics").get("messagesProcessed").asLong()).isPositive();
        assertThat(doc.get("metrics").get("workers").findValuesAsText("name"))
                .contains("balance", "collections", "notifications");
        assertThat(doc.get("metrics").get("compressionRatio").asDouble()).isEqualTo(4.0);
        assertThat(doc.get("alerts").isArray()).isTrue();
        assertThat(doc.get("recommendations").get(0).asText()).contains("messages", "p99");
    }

    @Test
    void dashboardAndChartLibraryAreServedByThePlatform() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/dashboard/chart.umd.js", "/dashboard/dashboard.js");
        HttpResponse<String> chart = get("/dashboard/chart.umd.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js");
        assertThat(get("/dashboard/dashboard.js").body()).contains("EventSource('/ops/events')");
    }
}
