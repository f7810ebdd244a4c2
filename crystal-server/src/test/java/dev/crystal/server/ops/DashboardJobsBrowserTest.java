package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.UnrecoverableJobException;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.server.ApiClient;
import dev.crystal.server.CrystalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs pages in headless Chromium: the overview shows each queue's counts and the schedules' next runs, a queue
 * page lists one state's jobs in pages, a job page shows data, progress, logs, history, parent and children, and
 * its retry, run-now and remove buttons (each confirmed first) change the job. Leaves {@code
 * target/dashboard-jobs.png} and {@code target/dashboard-job.png}.
 */
@Tag("system")
class DashboardJobsBrowserTest {
    static final Path SCREENSHOT = Path.of("target", "dashboard-jobs.png");
    static final Path JOB_SCREENSHOT = Path.of("target", "dashboard-job.png");

    @TempDir
    Path temp;

    @Test
    void queuesJobsAndTheirButtonsWorkInTheBrowser() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "chromium is not installed at /usr/bin/chromium (apt-get install -y chromium chromium-driver); .ci/run installs it");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        try (CrystalServer server = CrystalServer.start(CrystalServer.Settings.of(0, data));
             HeadlessChromium browser = HeadlessChromium.launch(profile, 1600, 1250)) {
            String base = "http://127.0.0.1:" + server.port();
            Jobs jobs = server.platform().jobs();
            AtomicBoolean accountFixed = new AtomicBoolean(false);
            JobQueue payouts = jobs.queue("ui-payouts");
            FlowResult flow = jobs.flows().add(FlowJob.parent("ui-runs", "run", "2026-12", List.of(
                    FlowJob.leaf("ui-payouts", "partner", "p-1"), FlowJob.leaf("ui-payouts", "partner", "p-2"))));
            String parentId = ((FlowResult.Added) flow).root().job().id();
            jobs.worker("ui-payouts", job -> {
                if (job.data(String.class).equals("p-2") && !accountFixed.get()) {
                    throw new UnrecoverableJobException("partner p-2 has no bank account");
                }
                job.updateProgress(100);
                job.log("paid partner " + job.data(String.class));
                return "paid " + job.data(String.class);
            }, WorkerOptions.defaults());
            for (int i = 0; i < 30; i++) {
                payouts.add("later", "p-" + (100 + i), JobOptions.builder().delay(Duration.ofHours(2)).build());
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    payouts.counts().byState().getOrDefault(JobState.FAILED, 0L) == 1
                    && payouts.counts().byState().getOrDefault(JobState.COMPLETED, 0L) == 1);
            String failedId = payouts.list(JobState.FAILED, 0, 1).get(0).id();

            browser.signIn(base, ApiClient.adminKey(server));

            // overview: counts by state per queue, rates, the monthly commission schedule with its next runs
            browser.navigate(base + "/dashboard/jobs");
            String row = "document.querySelector('#queue-table tr[data-queue=\"ui-payouts\"]')";
            await().atMost(Duration.ofSeconds(20)).until(() -> text(browser, row + " && " + row + ".innerText")
                    .contains("ui-payouts"));
            assertThat(text(browser, row + ".querySelector('.count-delayed').innerText")).isEqualTo("30");
            assertThat(text(browser, row + ".querySelector('.count-failed').innerText")).isEqualTo("1");
            assertThat(text(browser, row + ".querySelector('.rate-completed').innerText")).isEqualTo("1");
            assertThat(text(browser, "document.querySelector('#queue-table tr[data-queue=\"ui-runs\"] .rate-completed')"
                    + ".innerText")).isEqualTo("no data");
            assertThat(text(browser, "document.querySelector('#schedule-table tr[data-schedule=\"monthly-commissions\"]')"
                    + ".innerText")).contains("commission-runs").containsPattern("-01 02:00");
            browser.screenshot(SCREENSHOT);

            // a queue page: the delayed state in pages of 25
            browser.navigate(base + "/dashboard/jobs?queue=ui-payouts&state=delayed");
            await().atMost(Duration.ofSeconds(20)).until(() -> number(browser, "window.crystalJobs"
                    + " && window.crystalJobs.view === 'queue' && window.crystalJobs.loads") >= 1);
            assertThat(number(browser, "document.querySelectorAll('#job-table tbody tr[data-id]').length")).isEqualTo(25);
            assertThat(text(browser, "document.getElementById('page-info').innerText")).contains("page 1 of 2", "of 30");
            assertThat(text(browser, "document.querySelector('#state-tabs a[data-state=\"delayed\"]').innerText")).contains("30");
            browser.evaluate("document.getElementById('next').click(); true");
            await().atMost(Duration.ofSeconds(20)).until(() -> text(browser, "location.search").contains("page=1")
                    && number(browser, "window.crystalJobs && window.crystalJobs.loads") >= 1);
            assertThat(number(browser, "document.querySelectorAll('#job-table tbody tr[data-id]').length")).isEqualTo(5);

            // the failed child: its parent, its reason, and retry through the button once the cause is fixed
            openJob(browser, base, "ui-payouts", failedId);
            assertThat(text(browser, "document.getElementById('job-state').textContent")).isEqualTo("failed");
            assertThat(text(browser, "document.getElementById('job-outcome').innerText")).contains("no bank account");
            assertThat(text(browser, "document.getElementById('job-parent').innerText")).contains(parentId);
            assertThat(text(browser, "document.getElementById('job-data').innerText")).contains("p-2");
            assertThat(text(browser, "document.querySelector('#job-history tbody').innerText")).contains("active", "failed");
            accountFixed.set(true);
            confirm(browser, "retry");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    payouts.job(failedId).orElseThrow().state() == JobState.COMPLETED);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('job-state').textContent").equals("completed"));
            assertThat(text(browser, "document.getElementById('job-logs').innerText")).contains("paid partner p-2");
            assertThat(text(browser, "document.getElementById('job-progress').innerText")).contains("100");
            browser.screenshot(JOB_SCREENSHOT);

            // the flow parent lists both children
            openJob(browser, base, "ui-runs", parentId);
            assertThat(number(browser, "document.querySelectorAll('#job-children tr[data-child]').length")).isEqualTo(2);

            // a delayed job: run now, then a finished one: remove
            String delayedId = payouts.list(JobState.DELAYED, 0, 1).get(0).id();
            openJob(browser, base, "ui-payouts", delayedId);
            confirm(browser, "promote");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    payouts.job(delayedId).orElseThrow().state() == JobState.COMPLETED);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('job-state').textContent").equals("completed"));
            confirm(browser, "remove");
            await().atMost(Duration.ofSeconds(10)).until(() -> payouts.job(delayedId).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "document.getElementById('note').innerText").contains("JOB_NOT_FOUND")
                    || text(browser, "document.getElementById('note').innerText").contains("removed"));

            // cancel leaves the job alone
            String another = payouts.list(JobState.DELAYED, 0, 1).get(0).id();
            openJob(browser, base, "ui-payouts", another);
            browser.evaluate("document.querySelector('#job-actions button[data-action=\"remove\"]').click(); true");
            assertThat(text(browser, "document.getElementById('confirm-text').innerText")).contains("Remove job " + another);
            browser.evaluate("document.getElementById('confirm-no').click(); true");
            assertThat(payouts.job(another)).isPresent();
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    private static void openJob(HeadlessChromium browser, String base, String queue, String id) throws Exception {
        browser.navigate(base + "/dashboard/jobs?queue=" + queue + "&job=" + id);
        await().atMost(Duration.ofSeconds(20)).until(() -> text(browser,
                "window.crystalJobs && window.crystalJobs.job && window.crystalJobs.job.id").equals(id));
    }

    /** Presses the job page's {@code action} button and answers yes to its question. */
    private static void confirm(HeadlessChromium browser, String action) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> text(browser,
                "String(!!document.querySelector('#job-actions button[data-action=\"" + action + "\"]'))").equals("true"));
        browser.evaluate("document.querySelector('#job-actions button[data-action=\"" + action + "\"]').click(); true");
        assertThat(text(browser, "String(document.getElementById('confirm').hidden)")).isEqualTo("false");
        browser.evaluate("document.getElementById('confirm-yes').click(); true");
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
