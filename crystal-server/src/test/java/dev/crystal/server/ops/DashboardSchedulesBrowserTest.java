package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import dev.crystal.settlement.jobs.PlatformQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's jobs section shows the monthly commission run with its next runs, and its buttons work. */
@Tag("system")
class DashboardSchedulesBrowserTest {
    private static final String ROW = "document.querySelector('#schedules tr[data-schedule=\""
            + PlatformQueues.MONTHLY_COMMISSIONS + "\"]')";

    @TempDir
    Path temp;

    @Test
    void theMonthlyCommissionRunIsShownWithNextRunsAndCanBePausedResumedAndTriggered() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium chromium-driver); .ci/run installs it");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1600, 1250)) {
            browser.signIn("http://127.0.0.1:" + server.port(), ApiClient.adminKey(server));
            await().atMost(Duration.ofSeconds(20)).until(() -> text(browser, ROW + " && " + ROW + ".innerText")
                    .contains("commission-runs"));
            assertThat(text(browser, ROW + ".innerText")).contains("active").contains("cron 0 2 1 * *");
            assertThat(text(browser, ROW + ".querySelector('.next-runs').innerHTML")).containsPattern("-01 02:00Z");

            browser.evaluate(ROW + ".querySelector('button[data-action=\"pause\"]').click()");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.platform().jobs().schedules().get(PlatformQueues.MONTHLY_COMMISSIONS).orElseThrow().paused());
            await().atMost(Duration.ofSeconds(10)).until(() -> text(browser, ROW + ".innerText").contains("paused"));

            browser.evaluate(ROW + ".querySelector('button[data-action=\"resume\"]').click()");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !server.platform().jobs().schedules().get(PlatformQueues.MONTHLY_COMMISSIONS).orElseThrow().paused());

            browser.evaluate(ROW + ".querySelector('button[data-action=\"trigger\"]').click()");
            await().atMost(Duration.ofSeconds(10)).until(() -> text(browser,
                    "document.getElementById('schedules-note').textContent").contains("added job schedule:"));
        }
    }

    private static String text(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
