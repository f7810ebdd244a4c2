package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's polish in headless Chromium: idle latency reads "no data" (not 0.000 ms), the worker legend sits
 * under the charts and focuses every chart on one worker, the business tiles count settlements by outcome and the
 * money moved, the report panel shows the last hour's figures, and the page says "stale" once updates stop.
 */
@Tag("system")
class DashboardPolishBrowserTest {
    @TempDir
    Path temp;

    @Test
    void emptyStatesLegendFocusBusinessTilesAndStaleState() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium chromium-driver); .ci/run installs it");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
        try (server; HeadlessChromium browser = HeadlessChromium.launch(profile, 1600, 1250)) {
            String base = "http://127.0.0.1:" + server.port();
            browser.signIn(base, ApiClient.adminKey(server));
            await().atMost(Duration.ofSeconds(20)).until(() -> number(browser, "window.crystalDashboard "
                    + "&& window.crystalDashboard.updates") >= 2);

            // an idle worker (nothing handled in the window) reads "no data", never 0.000 ms, and draws no point;
            // the legend lists the workers outside the charts
            String idle = "window.crystalDashboardUi.workers.filter(w => w.handledInSpan === 0).map(w => w.name)";
            await().atMost(Duration.ofSeconds(20)).until(() -> number(browser, idle + ".length") >= 1);
            assertThat(text(browser, "String(" + idle + ".every(n => document.querySelector("
                    + "'#workers tr[data-worker=\"' + n + '\"]').innerText.includes('no data')))")).isEqualTo("true");
            assertThat(text(browser, "String(" + idle + ".every(n => window.crystalDashboard.charts.latency.data.datasets"
                    + ".filter(d => d.worker === n).every(d => d.data[d.data.length - 1] === null)))")).isEqualTo("true");
            assertThat(number(browser, "document.querySelectorAll('#worker-legend .chip[data-worker]').length"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(text(browser, "String(window.crystalDashboard.charts.latency.options.plugins.legend.display)"))
                    .isEqualTo("false");

            // business tiles: one completed payout, one failed collection; money as the decimal the server sent
            ApiClient api = new ApiClient(server);
            api.post("/customers", "{\"customerId\":\"UI_1\",\"openingBalance\":1000.00}");
            api.post("/collections/process-settlement", "{\"settlementId\":\"UI_S1\",\"customerId\":\"UI_1\","
                    + "\"amount\":1234.56,\"type\":\"payout\"}");
            api.post("/collections/process-settlement", "{\"settlementId\":\"UI_S2\",\"customerId\":\"UI_1\","
                    + "\"amount\":99999,\"type\":\"collection\"}");
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    text(browser, "document.getElementById('biz-completed').textContent").equals("1"));
            assertThat(text(browser, "document.getElementById('biz-failed').textContent")).isEqualTo("1");
            assertThat(text(browser, "document.getElementById('biz-payout').textContent")).isEqualTo("1,234.56");
            assertThat(text(browser, "document.getElementById('biz-collection').textContent")).isEqualTo("0.00");
            assertThat(text(browser, "document.getElementById('biz-errors').textContent")).contains("INSUFFICIENT_FUNDS 1");

            // the report panel: the last hour, from the stored history and the minute in progress
            browser.evaluate("const s = document.getElementById('report-window'); s.value = '1h'; "
                    + "s.dispatchEvent(new Event('change')); true");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(text(browser,
                    "document.getElementById('report-note').textContent + ' | ' "
                    + "+ document.querySelector('#report tbody').textContent")).contains("worker collections"));
            assertThat(text(browser, "document.getElementById('report-note').textContent")).contains("of the window");

            // latency now has data for collections; focusing it hides every other worker in every chart
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    !text(browser, "document.getElementById('kpi-latency').textContent").equals("no data"));
            browser.evaluate("document.querySelector('#worker-legend .chip[data-worker=\"collections\"]').click(); true");
            assertThat(text(browser, "String(window.crystalDashboard.charts.latency.data.datasets"
                    + ".filter(d => !d.hidden).every(d => d.worker === 'collections'))")).isEqualTo("true");
            assertThat(number(browser, "window.crystalDashboard.charts.throughput.data.datasets.filter(d => !d.hidden)"
                    + ".length")).isEqualTo(1);
            browser.evaluate("document.querySelector('#worker-legend .chip.all').click(); true");
            assertThat(number(browser, "window.crystalDashboard.charts.throughput.data.datasets.filter(d => d.hidden)"
                    + ".length")).isZero();
            assertThat(text(browser, "String(document.getElementById('stale-banner').hidden)")).isEqualTo("true");

            // updates stop: the page says so
            server.stop();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    text(browser, "String(document.getElementById('stale-banner').hidden)").equals("false"));
            assertThat(text(browser, "document.getElementById('stale-text').textContent")).startsWith("Stale: no update for");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    text(browser, "document.getElementById('status-dot').className").equals("dot stale"));
        }
    }

    private static String text(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static double number(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || !value.isNumber() ? -1 : value.asDouble();
    }
}
