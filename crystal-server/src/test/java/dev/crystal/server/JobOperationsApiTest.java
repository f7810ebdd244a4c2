package dev.crystal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.server.cli.CrystalCommand;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.jobs.PlatformQueues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators see and steer schedules (the monthly commission run among them) and use the job operations
 * (promote, update data, clean, obliterate) over HTTP and the CLI; jobs a domain relies on cannot be taken away.
 */
class JobOperationsApiTest {
    private static final String MONTHLY = PlatformQueues.MONTHLY_COMMISSIONS;

    @TempDir
    Path dataDir;
    CrystalServer server;
    ApiClient api;
    Jobs jobs;

    @BeforeEach
    void start() {
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withDomains(
                DomainSettings.defaults().withSettlementRetry(new RetryPolicy(1, Duration.ofMinutes(10)))));
        api = new ApiClient(server);
        jobs = server.platform().jobs();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theMonthlyCommissionRunIsListedWithItsNextRunsAndCanBePausedResumedTriggeredAndRetimed() {
        JsonNode list = api.get("/jobs/schedules").body().get("schedules");
        JsonNode monthly = find(list, MONTHLY);
        assertThat(monthly.get("queue").asText()).isEqualTo(PlatformQueues.COMMISSION_RUNS);
        assertThat(monthly.get("pattern").asText()).startsWith("cron 0 2 1 * *");
        assertThat(monthly.get("status").asText()).isEqualTo("active");
        assertThat(monthly.get("nextRuns")).hasSize(3).allSatisfy(run ->
                assertThat(run.asText()).matches("\\d{4}-\\d{2}-01T02:00:00Z"));

        JsonNode shown = api.get("/jobs/schedules/" + MONTHLY + "?next=6").body();
        assertThat(shown.get("nextRuns")).hasSize(6);
        assertThat(api.get("/jobs/schedules/nope").status()).isEqualTo(404);
        assertThat(api.get("/jobs/schedules/nope").body().get("error").asText()).isEqualTo("SCHEDULE_NOT_FOUND");

        JsonNode paused = api.post("/jobs/schedules/" + MONTHLY + "/pause", "").body();
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(jobs.schedules().get(MONTHLY).orElseThrow().paused()).isTrue();
        JsonNode resumed = api.post("/jobs/schedules/" + MONTHLY + "/resume", "").body();
        assertThat(resumed.get("status").asText()).isEqualTo("active");
        assertThat(resumed.get("nextRuns")).isNotEmpty();

        var triggered = api.post("/jobs/schedules/" + MONTHLY + "/trigger", "");
        assertThat(triggered.status()).isEqualTo(200);
        String jobId = triggered.body().get("jobId").asText();
        assertThat(jobId).startsWith("schedule:" + MONTHLY + ":manual:");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                api.get("/jobs/queues/commission-runs/jobs/" + jobId).body().get("state").asText())
                .isEqualTo("completed"));

        var retimed = api.put("/jobs/schedules/" + MONTHLY, "{\"pattern\":\"0 3 * * *\",\"tz\":\"Europe/Malta\"}");
        assertThat(retimed.status()).isEqualTo(200);
        assertThat(retimed.body().get("pattern").asText()).isEqualTo("cron 0 3 * * * Europe/Malta");
        assertThat(jobs.schedules().get(MONTHLY).orElseThrow().timing()).isEqualTo("cron 0 3 * * * Europe/Malta");
        var every = api.put("/jobs/schedules/" + MONTHLY, "{\"pattern\":\"every 15m\"}").body();
        assertThat(every.get("pattern").asText()).isEqualTo("every 900000ms");
        Instant first = Instant.parse(every.get("nextRuns").get(0).asText());
        Instant second = Instant.parse(every.get("nextRuns").get(1).asText());
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofMinutes(15));

        var badCron = api.put("/jobs/schedules/" + MONTHLY, "{\"pattern\":\"61 * * * *\"}");
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.body().get("field").asText()).isEqualTo("pattern");
        assertThat(badCron.body().get("message").asText()).contains("bad cron expression");
        assertThat(api.put("/jobs/schedules/" + MONTHLY, "{\"pattern\":\"every soon\"}").body().get("field").asText())
                .isEqualTo("pattern");
        assertThat(api.put("/jobs/schedules/" + MONTHLY, "{}").body().get("field").asText()).isEqualTo("pattern");
        assertThat(api.put("/jobs/schedules/" + MONTHLY, "{\"pattern\":\"0 3 * * *\",\"tz\":\"Mars/Base\"}").body()
                .get("field").asText()).isEqualTo("tz");
        assertThat(api.put("/jobs/schedules/" + MONTHLY, "{\"cron\":\"0 3 * * *\"}").body().get("error").asText())
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(jobs.schedules().get(MONTHLY).orElseThrow().timing()).isEqualTo("every 900000ms");

        api.post("/jobs/schedules/" + MONTHLY + "/pause", "");
        restart();
        JsonNode afterRestart = api.get("/jobs/schedules/" + MONTHLY).body();
        assertThat(afterRestart.get("pattern").asText()).as("an operator's pattern survives restart")
                .isEqualTo("every 900000ms");
        assertThat(afterRestart.get("status").asText()).isEqualTo("paused");
    }

    private void restart() {
        server.stop();
        server = CrystalServer.start(CrystalServer.Settings.of(0, dataDir).withDomains(
                DomainSettings.defaults().withSettlementRetry(new RetryPolicy(1, Duration.ofMinutes(10)))));
        api = new ApiClient(server);
        jobs = server.platform().jobs();
    }

    @Test
    void delayedJobsArePromotedTheirDataUpdatedAndQueuesCleanedAndObliteratedOverHttp() throws Exception {
        JobQueue reports = jobs.queue("reports");
        String later = reports.add("report", Map.of("month", "2026-01"),
                JobOptions.builder().delay(Duration.ofHours(1)).build()).id();
        var updated = api.put("/jobs/queues/reports/jobs/" + later + "/data", "{\"month\":\"2026-02\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("data").get("month").asText()).isEqualTo("2026-02");
        assertThat(api.patch("/jobs/queues/reports/jobs/" + later + "/data", "{\"month\":\"2026-03\"}").body()
                .get("data").get("month").asText()).isEqualTo("2026-03");
        assertThat(api.put("/jobs/queues/reports/jobs/" + later + "/data", "{nope").body().get("error").asText())
                .isEqualTo("MALFORMED_JSON");

        var promoted = api.post("/jobs/queues/reports/jobs/" + later + "/promote", "");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.body().get("state").asText()).isEqualTo("waiting");
        assertThat(api.post("/jobs/queues/reports/jobs/" + later + "/promote", "").body().get("error").asText())
                .isEqualTo("JOB_NOT_DELAYED");
        assertThat(api.post("/jobs/queues/reports/jobs/missing/promote", "").status()).isEqualTo(404);

        CountDownLatch release = new CountDownLatch(1);
        JobWorker worker = jobs.worker("reports", job -> {
            if (job.name().equals("hold")) {
                release.await();
            }
            return job.data(Map.class).get("month");
        }, WorkerOptions.builder().concurrency(2).pollInterval(Duration.ofMillis(20)).build());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                reports.job(later).orElseThrow().state().isFinished());
        var finished = api.put("/jobs/queues/reports/jobs/" + later + "/data", "{\"month\":\"2026-04\"}");
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.body().get("error").asText()).isEqualTo("JOB_FINISHED");
        assertThat(finished.body().get("message").asText()).contains("completed");

        JsonNode cleaned = api.post("/jobs/queues/reports/clean?state=completed&olderThan=0&limit=10", "").body();
        assertThat(cleaned.get("removed")).extracting(JsonNode::asText).containsExactly(later);
        assertThat(api.post("/jobs/queues/reports/clean?state=bogus", "").body().get("field").asText())
                .isEqualTo("state");
        assertThat(api.post("/jobs/queues/reports/clean?state=completed&olderThan=soon", "").body().get("field")
                .asText()).isEqualTo("olderThan");
        assertThat(api.post("/jobs/queues/reports/clean?state=active", "").status()).isEqualTo(400);

        String held = reports.add("hold", Map.of("month", "x")).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.counts().get(JobState.ACTIVE) == 1);
        var refused = api.delete("/jobs/queues/reports");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("error").asText()).isEqualTo("QUEUE_HAS_ACTIVE_JOBS");
        assertThat(reports.job(held)).isPresent();
        var obliterated = api.delete("/jobs/queues/reports?force=true");
        assertThat(obliterated.status()).isEqualTo(200);
        assertThat(obliterated.body().get("jobsRemoved").asLong()).isEqualTo(1);
        release.countDown();
        worker.close();
        assertThat(api.get("/jobs/queues/reports").status()).isEqualTo(404);
    }

    @Test
    void aSettlementsRetryJobCannotBeRemovedCleanedOrObliteratedOverHttpOrTheCli() {
        api.post("/customers", "{\"customerId\":\"CUST_001\",\"openingBalance\":1.00}");
        JsonNode failed = api.post("/collections/process-settlement",
                "{\"settlementId\":\"PEN_001\",\"customerId\":\"CUST_001\",\"amount\":5,\"type\":\"collection\"}").body();
        assertThat(failed.get("nextRetryAt").asText()).isNotBlank();
        String job = "/jobs/queues/settlement-retries/jobs/retry-PEN_001-0";
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(job).status() == 200);

        var removed = api.delete(job);
        assertThat(removed.status()).isEqualTo(409);
        assertThat(removed.body().get("error").asText()).isEqualTo("JOB_RELIED_ON");
        assertThat(removed.body().get("message").asText()).contains("settlement PEN_001").contains("retry 1");
        var cleaned = api.post("/jobs/queues/settlement-retries/clean?state=delayed&olderThan=0", "");
        assertThat(cleaned.status()).isEqualTo(409);
        assertThat(cleaned.body().get("message").asText()).contains("settlement PEN_001");
        var obliterated = api.delete("/jobs/queues/settlement-retries?force=true");
        assertThat(obliterated.status()).isEqualTo(409);
        assertThat(obliterated.body().get("message").asText()).contains("settlement PEN_001");
        assertThat(api.delete("/jobs/queues/commission-runs").body().get("error").asText())
                .isEqualTo("QUEUE_RELIED_ON");

        String cli = cli("jobs", "remove", "settlement-retries", "retry-PEN_001-0", "--url", url(), "--data-dir", dataDir.toString());
        assertThat(cli).contains("409 JOB_RELIED_ON").contains("settlement PEN_001");
        assertThat(cli("jobs", "obliterate", "settlement-retries", "--force", "--url", url(), "--data-dir", dataDir.toString()))
                .contains("JOB_RELIED_ON");

        assertThat(api.get(job).status()).as("the retry job is still there").isEqualTo(200);
        assertThat(api.get("/settlements/PEN_001").body().toString()).contains("PEN_001");
    }

    @Test
    void theCliRunsEveryScheduleAndJobOperation(@TempDir Path files) throws Exception {
        String list = cli("jobs", "schedules", "list", "--url", url(), "--data-dir", dataDir.toString());
        assertThat(list).contains("ID").contains(MONTHLY).contains("commission-runs").contains("active");
        String show = cli("jobs", "schedules", "show", MONTHLY, "--next", "2", "--url", url(), "--data-dir", dataDir.toString());
        assertThat(show).contains("nextRuns").contains("T02:00:00Z");
        assertThat(cli("jobs", "schedules", "pause", MONTHLY, "--url", url(), "--data-dir", dataDir.toString())).contains("paused");
        assertThat(jobs.schedules().get(MONTHLY).orElseThrow().paused()).isTrue();
        assertThat(cli("jobs", "schedules", "list", "--url", url(), "--data-dir", dataDir.toString())).contains("paused");
        assertThat(cli("jobs", "schedules", "resume", MONTHLY, "--url", url(), "--data-dir", dataDir.toString())).contains("resumed; next run 20");
        assertThat(cli("jobs", "schedules", "trigger", MONTHLY, "--url", url(), "--data-dir", dataDir.toString()))
                .contains("job schedule:" + MONTHLY + ":manual:");
        assertThat(cli("jobs", "schedules", "set", MONTHLY, "--pattern", "every 1h", "--url", url(), "--data-dir", dataDir.toString()))
                .contains("now runs every 3600000ms");
        assertThat(cli("jobs", "schedules", "set", MONTHLY, "--pattern", "nope nope", "--url", url(), "--data-dir", dataDir.toString()))
                .contains("400 VALIDATION_FAILED").contains("bad cron expression");
        assertThat(cli("jobs", "schedules", "show", "nope", "--url", url(), "--data-dir", dataDir.toString())).contains("SCHEDULE_NOT_FOUND");

        JobQueue reports = jobs.queue("exports");
        String id = reports.add("export", Map.of("v", 1), JobOptions.builder().delay(Duration.ofHours(1)).build()).id();
        Path data = Files.writeString(files.resolve("data.json"), "{\"v\":2}");
        assertThat(cli("jobs", "update-data", "exports", id, data.toString(), "--url", url(), "--data-dir", dataDir.toString())).contains("{\"v\":2}");
        assertThat(reports.job(id).orElseThrow().dataJson()).isEqualTo("{\"v\":2}");
        assertThat(cli("jobs", "promote", "exports", id, "--url", url(), "--data-dir", dataDir.toString())).contains("is waiting to run now");
        assertThat(reports.job(id).orElseThrow().state()).isEqualTo(JobState.WAITING);
        assertThat(cli("jobs", "clean", "exports", "--state", "waiting", "--older-than", "0", "--url", url(), "--data-dir", dataDir.toString()))
                .contains("removed 1 waiting job(s) of exports").contains(id);
        reports.add("export", 3);
        assertThat(cli("jobs", "obliterate", "exports", "--url", url(), "--data-dir", dataDir.toString()))
                .contains("exports obliterated: 1 job(s), 0 schedule(s) removed");
        assertThat(jobs.queueNames()).doesNotContain("exports");
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static JsonNode find(JsonNode schedules, String id) {
        for (JsonNode schedule : schedules) {
            if (schedule.get("id").asText().equals(id)) {
                return schedule;
            }
        }
        throw new AssertionError("no schedule " + id + " in " + schedules);
    }

    private static String cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            CrystalCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
