package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.deadletter.JdbcDeadLetterLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter page in headless Chromium: letters left by an earlier run are listed grouped by reason and worker;
 * a group's replay asks for confirmation, then resolves its letters; purging the resolved ones empties the list.
 * Thread ownership: the JUnit thread.
 */
@Tag("system")
class DeadLetterPageBrowserTest {
    private static final String GROUP = "document.querySelector('#groups tr[data-reason=\"HANDLER_FAILED\"]')";

    @TempDir
    Path temp;

    @Test
    void aGroupIsReplayedAfterConfirmationAndResolvedLettersArePurged() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium chromium-driver); .ci/run installs it");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        try (Database db = SqliteDatabase.open(data.resolve("deadletters.db"), JdbcDeadLetterLog.MIGRATIONS)) {
            JdbcDeadLetterLog log = new JdbcDeadLetterLog(db, new ContractsPayloadCodec());
            log.append(letter("dl_page_1", "p1", "handler failed after 1 attempt: IllegalStateException: mail down"));
            log.append(letter("dl_page_2", "p2", "handler failed after 1 attempt: IllegalStateException: mail down"));
            log.append(letter("dl_page_3", "p3", "mailbox full (1000)"));
        }
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1400, 1000)) {
            browser.signIn("http://127.0.0.1:" + server.port(), ApiClient.adminKey(server));
            browser.navigate("http://127.0.0.1:" + server.port() + "/dashboard/dlq");
            await().atMost(Duration.ofSeconds(20)).until(() -> text(browser, GROUP + " && " + GROUP + ".innerText")
                    .contains("tap"));
            assertThat(text(browser, GROUP + ".innerText")).contains("HANDLER_FAILED").contains("2");
            assertThat(text(browser, "document.querySelector('#letters tbody').innerText"))
                    .contains("dl_page_1").contains("dl_page_3").contains("MAILBOX_FULL").contains("open");
            assertThat(text(browser, "document.getElementById('kpi-open').textContent")).isEqualTo("3");

            browser.evaluate(GROUP + ".querySelector('button[data-action=\"replay-group\"]').click()");
            assertThat(text(browser, "document.getElementById('confirm-text').textContent"))
                    .contains("Replay 2 open HANDLER_FAILED letter(s) of tap?");
            assertThat(server.platform().runtime().deadLetters().open()).hasSize(3); // nothing happens before "yes"
            browser.screenshot(Path.of("target", "dashboard-dlq.png")); // for docs/operations.md
            browser.evaluate("document.getElementById('confirm-yes').click()");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.platform().runtime().deadLetters().open().size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('note').textContent").contains("replayed 2 dead letter(s)"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('kpi-resolved').textContent").equals("2"));

            browser.evaluate("document.querySelector('[data-action=\"purge-resolved\"]').click()");
            browser.evaluate("document.getElementById('confirm-yes').click()");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.platform().runtime().deadLetters().all().size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('kpi-resolved').textContent").equals("0"));

            browser.evaluate("document.querySelector('#letters a[data-action=\"show\"]').click()");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('detail').textContent").contains("mailbox full (1000)"));
        }
    }

    private static DeadLetter letter(String id, String messageId, String reason) {
        Instant at = Instant.now().minusSeconds(90);
        Envelope<NoticeSent> envelope = new Envelope<>(messageId, "NoticeSent", "corr-" + messageId, null,
                "notifications", "tap", at, new NoticeSent("N-" + messageId, "CUST_001", "settlement", "S-1", "email"));
        return new DeadLetter(envelope, reason, "IllegalStateException: mail down\n  at a.B.c(B.java:1)\n", at, id);
    }

    private static String text(HeadlessChromium browser, String expression) throws Exception {
        JsonNode value = browser.evaluate(expression);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
