package dev.crystal.settlement.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.ScheduleTiming;
import dev.crystal.jobs.ScheduleView;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's monthly commission schedule lives in the job store, which a Redis restarted without persistence
 * empties: it is created again within a check period, while an operator's changes to a schedule that is still
 * there are left alone.
 */
class PlatformScheduleRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aLostScheduleIsCreatedAgainAndAnExistingOneIsLeftAsTheOperatorSetIt() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("schedules"));
        runtime.start();
        try (Jobs jobs = Jobs.open(SqliteJobStore.open(dir.resolve("jobs.db")),
                JobsConfig.builder().clock(InstantSource.system()).build());
             PlatformJobs platform = PlatformJobs.start(jobs, runtime, InstantSource.system(), null,
                     Duration.ofMillis(100))) {
            assertThat(jobs.schedules().get(PlatformQueues.MONTHLY_COMMISSIONS)).isPresent();
            // an operator pauses and re-times it: the checks leave it so
            jobs.schedules().pause(PlatformQueues.MONTHLY_COMMISSIONS);
            jobs.schedules().setTiming(PlatformQueues.MONTHLY_COMMISSIONS,
                    ScheduleTiming.cron("0 3 1 * *", ZoneOffset.UTC));
            Thread.sleep(500); // five check periods
            ScheduleView kept = jobs.schedules().get(PlatformQueues.MONTHLY_COMMISSIONS).orElseThrow();
            assertThat(kept.paused()).isTrue();
            assertThat(kept.timing()).contains("0 3 1 * *");
            // the store loses it (as an emptied Redis does): it is back with its default pattern, running
            assertThat(jobs.schedules().remove(PlatformQueues.MONTHLY_COMMISSIONS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ScheduleView back = jobs.schedules().get(PlatformQueues.MONTHLY_COMMISSIONS).orElseThrow();
                assertThat(back.paused()).isFalse();
                assertThat(back.timing()).contains(PlatformJobs.MONTHLY_CRON);
            });
        } finally {
            runtime.shutdownNow();
        }
    }
}
