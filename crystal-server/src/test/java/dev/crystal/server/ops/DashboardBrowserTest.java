package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.load.LoadGenerator;
import dev.crystal.server.load.LoadListener;
import dev.crystal.server.load.LoadPlan;
import dev.crystal.server.load.LoadSummary;
import dev.crystal.server.load.OperationMix;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: headless Chromium watches the dashboard of a running platform while the load
 * generator drives it, and sees the charts and the worker table change. Leaves a screenshot in
 * {@code target/dashboard.png}.
 */
@Tag("system")
class DashboardBrowserTest {
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @TempDir
    Path temp;

    @Test
    void dashboardShowsLiveChangingNumbersWhileLoadRuns() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium chromium-driver); .ci/run installs it");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1600, 1250)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            String adminKey = ApiClient.adminKey(server);
            LoadPlan plan = LoadPlan.of(base, 30, Duration.ofSeconds(6),
                    OperationMix.parse("payout=50,collection=40,overdraft=10")).withCustomers(10).withSeed(42)
                    .withApiKey(adminKey);
            CompletableFuture<LoadSummary> load = CompletableFuture.supplyAsync(
                    () -> new LoadGenerator().run(plan, LoadListener.SILENT));

            // without a session the dashboard sends the browser to the login page; sign in there with the key
            browser.signIn(base.toString(), adminKey);
            await().atMost(Duration.ofSeconds(20)).until(() -> number(browser, "window.crystalDashboard "
                    + "&& window.crystalDashboard.updates") >= 2);
            String processedBefore = collectionsProcessed(browser);
            long updatesBefore = (long) number(browser, "window.crystalDashboard.updates");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat((long) number(browser, "window.crystalDashboard.updates")).isGreaterThan(updatesBefore + 1);
                assertThat(collectionsProcessed(browser)).isNotEqualTo(processedBefore);
                assertThat(number(browser, "Math.max(...window.crystalDashboard.charts.throughput.data.datasets"
                        + ".flatMap(d => d.data).filter(v => v !== null))")).isGreaterThan(0);
                assertThat(number(browser, "window.crystalDashboard.charts.latency.data.datasets.length"))
                        .isGreaterThanOrEqualTo(6); // p50 and p99 of each of the three workers
            });
            assertThat(number(browser, "document.querySelectorAll('#workers tbody tr').length")).isGreaterThanOrEqualTo(3);
            assertThat(browser.evaluate("document.querySelector('#workers tbody').innerText").asText())
                    .contains("balance", "collections", "notifications", "RUNNING");
            assertThat(browser.evaluate("document.getElementById('kpi-throughput').textContent").asText())
                    .isNotEqualTo("–");
            browser.screenshot(SCREENSHOT);

            LoadSummary summary = load.get();
            assertThat(summary.completed()).isEqualTo(summary.sent()).isPositive();
            assertThat(summary.outcomes()).containsKey("overdraft 200 failed INSUFFICIENT_FUNDS");
            assertThat(summary.errors()).isZero();
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    private static String collectionsProcessed(HeadlessChromium browser) throws Exception {
        JsonNode value = browser.evaluate(
                "(document.querySelector('#workers tr[data-worker=\"collections\"] .processed') || {}).textContent");
        return value == null ? "" : value.asText();
    }

    private static double number(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || !value.isNumber() ? -1 : value.asDouble();
    }
}
