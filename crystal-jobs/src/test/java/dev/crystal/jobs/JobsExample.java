package dev.crystal.jobs;

import dev.crystal.jobs.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** The example shown in docs/jobs.md; {@code JobsExampleTest} runs it. */
public final class JobsExample {
    private JobsExample() {
    }

    /** A settlement retry payload. */
    public record RetrySettlement(String settlementId, long amountMinor) {
    }

    /** Runs the example against a store in {@code dir} and returns the flow parent's return value. */
    public static String run(Path dir) throws InterruptedException {
        // --8<-- [start:example]
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
             Jobs jobs = Jobs.open(store, JobsConfig.defaults())) {

            // 1. a job with retries, exponential backoff, a de-duplication id and a correlation id
            JobQueue retries = jobs.queue("settlement-retries");
            AddResult added = retries.add("retry", new RetrySettlement("s-42", 1250), JobOptions.builder()
                    .jobId("retry-s-42")
                    .attempts(5)
                    .backoff(Backoff.exponential(Duration.ofSeconds(1)))
                    .correlationId("req-7f3a")
                    .removeOnComplete(Retention.keepLast(1000))
                    .build());

            // 2. a worker: 10 at a time; job.correlationId() goes on every message the handler sends
            JobWorker worker = jobs.worker("settlement-retries", job -> {
                RetrySettlement retry = job.data(RetrySettlement.class);
                job.log("retrying " + retry.settlementId() + " for " + job.correlationId());
                return "settled " + retry.settlementId();
            }, WorkerOptions.builder().concurrency(10).build());

            // 3. a flow: the commission run completes after its per-partner children
            FlowResult flow = jobs.flows().add(FlowJob.parent("commission-runs", "run", "2026-01", List.of(
                    FlowJob.leaf("commissions", "partner", "p-1"),
                    FlowJob.leaf("commissions", "partner", "p-2"))));
            jobs.worker("commissions", job -> job.data(String.class) + ":ok", WorkerOptions.defaults());
            jobs.worker("commission-runs", job -> job.childrenValues().size() + " partners",
                    WorkerOptions.defaults());

            // 4. a schedule: every day at 02:00 Malta time, upserted by id
            jobs.schedules().upsert(Schedule.of("nightly-commissions", "commission-runs", "run", "nightly",
                    ScheduleTiming.cron("0 2 * * *", ZoneId.of("Europe/Malta"))));

            JobRef parent = ((FlowResult.Added) flow).root().job();
            JobQueue runs = jobs.queue("commission-runs");
            while (!runs.job(parent.id()).orElseThrow().state().isFinished()
                    || retries.job(added.id()).orElseThrow().state() != JobState.COMPLETED) {
                Thread.sleep(10);
            }
            worker.close();
            return runs.job(parent.id()).orElseThrow().returnValueJson();
        }
        // --8<-- [end:example]
    }
}
