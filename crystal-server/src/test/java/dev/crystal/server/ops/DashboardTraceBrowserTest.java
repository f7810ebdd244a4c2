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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium on the dashboard: the search box finds a settlement's trace and draws its waterfall, a customer
 * lists its operations, the slowest settlements of the last minute are listed with links, and an alert links to its
 * worker and to example traces. Leaves a screenshot in {@code target/dashboard-trace.png}.
 */
@Tag("system")
class DashboardTraceBrowserTest {
    static final Path SCREENSHOT = Path.of("target", "dashboard-trace.png");

    @TempDir
    Path temp;

    @Test
    void searchOpensTheWaterfallAndAlertsLinkToExampleTraces() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium is not installed at /usr/bin/chromium");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        // every worker's p99 is "too slow", so alerts fire on the workers the settlements pass through
        AlertSettings eager = new AlertSettings(0.000_001, AlertSettings.DEFAULT_ERROR_RATE, 1,
                AlertSettings.DEFAULT_MAILBOX_FILL, AlertSettings.DEFAULT_RESTART_WINDOW,
                AlertSettings.DEFAULT_QUEUE_GROWTH_JOBS, AlertSettings.DEFAULT_QUEUE_GROWTH_WINDOW, Duration.ZERO,
                Duration.ofSeconds(30), AlertSettings.DEFAULT_RESOLVE_RATIO, Duration.ofSeconds(30),
                AlertSettings.DEFAULT_INTERVAL);
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data), eager);
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1600, 1400)) {
            String base = "http://127.0.0.1:" + server.port();
            ApiClient api = new ApiClient(server);
            post(api, "/customers", "{\"customerId\":\"TB_1\",\"openingBalance\":100}");
            String corr = null;
            for (int i = 1; i <= 4; i++) {
                JsonNode r = post(api, "/collections/process-settlement", "{\"settlementId\":\"PEN_B" + i
                        + "\",\"customerId\":\"TB_1\",\"amount\":" + (i == 4 ? "500" : "2.50") + ",\"type\":\""
                        + (i == 4 ? "collection" : "payout") + "\"}");
                if (i == 1) {
                    corr = r.get("correlationId").asText();
                }
            }
            server.platform().traceLog().flush(5_000);

            browser.signIn(base.toString(), ApiClient.adminKey(server));
            await().atMost(Duration.ofSeconds(20)).until(() -> number(browser,
                    "window.crystalTraces ? window.crystalTraces.state.slowest.length : -1") >= 4);
            assertThat(text(browser, "document.querySelector('#slowest tbody').innerText")).contains("PEN_B1", "TB_1");

            // the search box: a settlement id opens its waterfall
            browser.evaluate("document.getElementById('trace-search').value = 'PEN_B1';"
                    + " document.getElementById('trace-form').requestSubmit(); true");
            String expected = corr;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(
                        text(browser, "window.crystalTraces.state.opened")));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("expected " + expected + "; dashboard state "
                        + text(browser, "JSON.stringify(window.crystalTraces.state).slice(0, 2000)") + "; search "
                        + api.get("/traces?search=PEN_B1").body(), e);
            }
            assertThat(number(browser, "document.querySelectorAll('#trace-waterfall .wf-row').length"))
                    .isGreaterThanOrEqualTo(4);
            assertThat(text(browser, "document.getElementById('trace-waterfall').innerText"))
                    .contains("POST /collections/process-settlement", "PROCESS_SETTLEMENT → collections",
                            "POST_SETTLEMENT → balance", "SETTLEMENT_PROCESSED → notifications", "[embedded]");
            assertThat(text(browser, "document.getElementById('trace-final').innerText"))
                    .contains("settlement PEN_B1: completed");
            assertThat(browser.evaluate("document.getElementById('trace-panel').hidden").asBoolean()).isFalse();
            assertThat(number(browser, "document.querySelectorAll('#trace-waterfall .wf-run').length"))
                    .isGreaterThanOrEqualTo(4);

            // a customer id lists every operation that mentions it
            browser.evaluate("document.getElementById('trace-search').value = 'TB_1';"
                    + " document.getElementById('trace-form').requestSubmit(); true");
            await().atMost(Duration.ofSeconds(30)).until(() -> number(browser,
                    "document.querySelectorAll('#trace-matches li').length") >= 4);

            // a link in the slowest list opens that settlement's trace
            browser.evaluate("document.querySelector('#slowest a[data-trace]').click(); true");
            await().atMost(Duration.ofSeconds(30)).until(() -> number(browser,
                    "document.querySelectorAll('#trace-waterfall .wf-row').length") >= 4);

            // an alert links to its worker and to example traces of that worker
            await().atMost(Duration.ofSeconds(30)).until(() -> number(browser,
                    "document.querySelectorAll('#alerts a.alert-worker').length") >= 1
                    && number(browser, "document.querySelectorAll('#alerts .examples a[data-trace]').length") >= 1);
            browser.evaluate("window.crystalTraces.state.opened = null;"
                    + " document.querySelector('#alerts .examples a[data-trace]').click(); true");
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                    "window.crystalTraces.state.opened") != null && !browser.evaluate(
                    "window.crystalTraces.state.opened").isNull());
            browser.evaluate("document.querySelector('#alerts a.alert-worker').click(); true");
            assertThat(number(browser, "document.querySelectorAll('#workers tr.highlight').length")).isEqualTo(1);
            browser.evaluate("window.scrollTo(0, 0); true");
            browser.screenshot(SCREENSHOT);
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    private static JsonNode post(ApiClient api, String path, String body) {
        ApiClient.Response r = api.post(path, body);
        assertThat(r.status()).as(String.valueOf(r.body())).isIn(200, 201);
        return r.body();
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
