package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.cli.CrystalCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the running server: silences made, listed and expired over HTTP and the CLI, a silenced alert shown but
 * not delivered to the webhook (and delivered once its silence is expired), and the windowed reports of the stored
 * history, which outlive a restart.
 */
class AlertsAndReportsApiTest {
    @TempDir
    Path dir;

    /** Every worker's p99 is "too slow" and one message is enough, so settlements fire HIGH_LATENCY at once. */
    static AlertSettings eager() {
        return new AlertSettings(0.000_001, AlertSettings.DEFAULT_ERROR_RATE, 1, AlertSettings.DEFAULT_MAILBOX_FILL,
                AlertSettings.DEFAULT_RESTART_WINDOW, AlertSettings.DEFAULT_QUEUE_GROWTH_JOBS,
                AlertSettings.DEFAULT_QUEUE_GROWTH_WINDOW, Duration.ZERO, Duration.ofSeconds(60),
                AlertSettings.DEFAULT_RESOLVE_RATIO, AlertSettings.DEFAULT_WINDOW, AlertSettings.DEFAULT_INTERVAL);
    }

    CrystalServer start(AlertingSettings alerting) {
        return CrystalServer.start(CrystalServer.Settings.of(0, dir.resolve("data")), alerting, HealthSettings.defaults(),
                null, AccessSettings.defaults());
    }

    static void settle(ApiClient api, String prefix, int n) {
        assertThat(api.post("/customers", "{\"customerId\":\"" + prefix + "\",\"openingBalance\":1000}").status())
                .isEqualTo(201);
        for (int i = 0; i < n; i++) {
            assertThat(api.post("/collections/process-settlement", "{\"settlementId\":\"" + prefix + "_" + i
                    + "\",\"customerId\":\"" + prefix + "\",\"amount\":1.00,\"type\":\"payout\"}").status()).isEqualTo(200);
        }
    }

    static String cli(String... args) {
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

    @Test
    void aSilencedAlertIsShownButNotDeliveredUntilTheSilenceIsExpired() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0, false);
             CrystalServer server = start(AlertingSettings.of(eager()).withDelivery(AlertDeliverySettings.none()
                     .withTargets(URI.create(receiver.url() + "/hook"), null)))) {
            ApiClient api = new ApiClient(server);
            ApiClient.Response made = api.post("/alerts/silences",
                    "{\"kind\":\"HIGH_LATENCY\",\"duration\":\"1h\",\"comment\":\"load test\"}");
            assertThat(made.status()).isEqualTo(201);
            String id = made.body().path("id").asText();
            assertThat(id).startsWith("sil_");
            assertThat(made.body().path("status").asText()).isEqualTo("active");

            settle(api, "SIL_1", 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/alerts").body().path("active").size() > 0);
            for (JsonNode a : api.get("/alerts").body().path("active")) {
                if (a.path("kind").asText().equals("HIGH_LATENCY")) {
                    assertThat(a.path("silencedBy").asText()).isEqualTo(id);
                }
            }
            Thread.sleep(1_500); // two more evaluations: nothing may reach the webhook (nothing to wait for)
            assertThat(receiver.received).noneMatch(r -> r.body().contains("HIGH_LATENCY"));
            assertThat(api.get("/alerts/silences").body().path("silences")).singleElement()
                    .satisfies(s -> assertThat(s.path("comment").asText()).isEqualTo("load test"));

            ApiClient.Response expired = api.delete("/alerts/silences/" + id);
            assertThat(expired.status()).isEqualTo(200);
            assertThat(expired.body().path("status").asText()).isEqualTo("expired");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.stream()
                    .anyMatch(r -> r.body().contains("HIGH_LATENCY") && r.body().contains("\"status\":\"firing\"")));
            assertThat(receiver.received.getFirst().path()).isEqualTo("/hook");

            assertThat(api.post("/alerts/silences", "{\"kind\":\"NOPE\",\"duration\":\"1h\"}").body().path("message")
                    .asText()).contains("HIGH_LATENCY", "QUEUE_DEPTH_GROWING");
            assertThat(api.post("/alerts/silences", "{\"subject\":\"http\",\"duration\":\"soon\"}").status())
                    .isEqualTo(400);
            assertThat(api.post("/alerts/silences", "{\"duration\":\"1h\"}").status()).isEqualTo(400);
            assertThat(api.delete("/alerts/silences/sil_none").status()).isEqualTo(404);
        }
    }

    @Test
    void theCliCreatesListsAndExpiresSilences() {
        try (CrystalServer server = start(AlertingSettings.defaults())) {
            String url = "--url=http://127.0.0.1:" + server.port();
            String key = "--api-key=" + ApiClient.adminKey(server);
            String made = cli("alerts", "silence", "--subject", "collections", "--for", "30m", "--comment", "deploy",
                    url, key);
            assertThat(made).startsWith("silence sil_");
            String id = made.substring("silence ".length(), made.indexOf(' ', "silence ".length()));
            assertThat(cli("alerts", "silences", url, key)).contains(id, "active", "collections", "deploy");
            assertThat(cli("alerts", "expire", id, url, key)).contains(id, "expired");
            assertThat(cli("alerts", "silences", url, key)).contains(id, "expired");
            assertThat(cli("alerts", "list", url, key)).contains("no alerts");
        }
    }

    @Test
    void reportsOfTheLastHourDayWeekAndMonthComeFromTheStoredHistoryAndOutliveARestart() {
        try (CrystalServer server = start(AlertingSettings.of(eager()))) {
            ApiClient api = new ApiClient(server);
            settle(api, "REP_1", 12);
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/alerts").body().path("active").size() > 0);
        }
        List<String> reports = new ArrayList<>();
        try (CrystalServer server = start(AlertingSettings.defaults())) {
            ApiClient api = new ApiClient(server);
            for (String window : List.of("1h", "24h", "7d", "30d")) {
                var text = api.getText("/reports?window=" + window);
                assertThat(text.statusCode()).isEqualTo(200);
                assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
                reports.add(text.body());
            }
            JsonNode hour = api.get("/reports?window=1h&format=json").body();
            assertThat(hour.path("window").asText()).isEqualTo("1h");
            assertThat(hour.path("period").path("coveredSeconds").asLong()).isPositive();
            JsonNode collections = null;
            for (JsonNode w : hour.path("metrics").path("workers")) {
                if (w.path("name").asText().equals("collections")) {
                    collections = w;
                }
            }
            assertThat(collections).as("collections in %s", hour).isNotNull();
            assertThat(collections.path("processed").asLong()).isGreaterThanOrEqualTo(12);
            assertThat(hour.path("metrics").path("http").path("requests").asLong()).isGreaterThanOrEqualTo(13);
            assertThat(hour.path("alerts")).anySatisfy(a -> {
                assertThat(a.path("type").asText()).isEqualTo("HIGH_LATENCY");
                assertThat(a.path("fired").asInt()).isPositive();
            });
            String month = cli("report", "--window", "month", "--url=http://127.0.0.1:" + server.port(),
                    "--api-key=" + ApiClient.adminKey(server));
            assertThat(month).contains("window: 30d", "messagesProcessed", "HIGH_LATENCY");
            assertThat(api.get("/reports?window=2h").body().path("message").asText())
                    .contains("1h", "24h", "7d", "30d");
        }
        assertThat(reports).allSatisfy(r -> assertThat(r).contains("reportType: WORKER_PERFORMANCE", "collections"));
    }

    @Test
    void aReportIncludesTheMinuteInProgressSoAServerStartedSecondsAgoHasFigures() {
        try (CrystalServer server = start(AlertingSettings.defaults())) {
            ApiClient api = new ApiClient(server);
            settle(api, "NOW_1", 5);
            // the sampler reads every second; the minute is stored only when it ends (or at stop)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode hour = api.get("/reports?window=1h&format=json").body();
                assertThat(hour.path("period").path("coverage").asDouble()).isPositive();
                assertThat(hour.path("metrics").path("workers")).anySatisfy(w -> {
                    assertThat(w.path("name").asText()).isEqualTo("collections");
                    assertThat(w.path("processed").asLong()).isGreaterThanOrEqualTo(5);
                });
            });
        }
    }
}
