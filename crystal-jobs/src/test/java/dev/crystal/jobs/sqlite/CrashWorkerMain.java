package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker process of {@link WorkerCrashTest}: takes the job, records that it started, then hangs until
 * the test kills the process.
 */
public final class CrashWorkerMain {
    private CrashWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path effects = Path.of(args[1]);
        SqliteJobStore store = SqliteJobStore.open(db);
        Jobs jobs = Jobs.open(store, JobsConfig.defaults());
        jobs.worker(WorkerCrashTest.QUEUE, job -> {
            WorkerCrashTest.record(effects, "start " + job.id());
            Thread.sleep(Long.MAX_VALUE);
            WorkerCrashTest.record(effects, "done " + job.id());
            return null;
        }, WorkerOptions.builder().lockDuration(WorkerCrashTest.LOCK).pollInterval(Duration.ofMillis(20)).build());
        Thread.sleep(Long.MAX_VALUE);
    }
}
