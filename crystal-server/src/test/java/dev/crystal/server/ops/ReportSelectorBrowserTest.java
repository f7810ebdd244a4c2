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
 * The dashboard's report selector in headless Chromium: the history of an earlier run shows in the 24-hour report,
 * and choosing another window loads that one. Thread ownership: the JUnit thread.
 */
@Tag("system")
class ReportSelectorBrowserTest {
    @TempDir
    Path temp;

    @Test
    void theSelectorShowsTheReportOfTheChosenWindow() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium is not installed at /usr/bin/chromium");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data))) {
            AlertsAndReportsApiTest.settle(new ApiClient(server), "SEL_1", 5);
        }
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1400, 1600)) {
            String base = "http://127.0.0.1:" + server.port();
            browser.signIn(base, ApiClient.adminKey(server));
            browser.navigate(base + "/");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> text(browser, "(document.querySelector('#report tbody')"
                        + " || {innerText: ''}).innerText").contains("worker collections"));
            } catch (RuntimeException e) {
                throw new AssertionError("report panel: " + text(browser, "String(document.getElementById('report-note')"
                        + " && document.getElementById('report-note').textContent) + ' | ' + document.body.innerHTML"
                        + ".slice(0, 3000)"), e);
            }
            assertThat(text(browser, "document.getElementById('report-note').textContent")).contains("per minute");
            browser.evaluate("(() => { const s = document.getElementById('report-window'); s.value = '30d';"
                    + " s.dispatchEvent(new Event('change')); })()");
            await().atMost(Duration.ofSeconds(20)).until(() -> text(browser,
                    "(document.getElementById('report-note') || {textContent: ''}).textContent").contains("per hour"));
            assertThat(text(browser, "document.querySelector('#report tbody').innerText")).contains("messages");
            browser.screenshot(Path.of("target", "dashboard-reports.png"));
        }
    }

    private static String text(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
