package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.server.http.Json;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUEUE_DEPTH_GROWING on a real job queue (crystal-jobs on SQLite, its depth gauges read by the ops monitor): the
 * backlog of issue 19 — 41 → 101 jobs in 30 s, added in bursts with flat samples between them — fires, with the
 * default settings.
 */
class QueueGrowthAlertTest {
    @TempDir
    Path dir;
    final CountDownLatch downstream = new CountDownLatch(1);

    @Test
    void aBacklogGrowingInBurstsFromFortyOneToOneHundredAndOneJobsInThirtySecondsFires() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
             Jobs jobs = Jobs.open(store, JobsConfig.builder().meterRegistry(registry)
                     .metricsRefresh(Duration.ZERO).build());
             OpsMonitor monitor = new OpsMonitor(new MeterReader(registry, List::of), clock, AlertSettings.defaults(),
                     Json.mapper())) {
            // the consumer is stuck on a slow downstream: one job active, every other one waits
            jobs.worker("payouts", job -> {
                downstream.await();
                return null;
            }, WorkerOptions.defaults());
            for (int i = 0; i < 41; i++) {
                jobs.queue("payouts").add("payout", Map.of("n", i));
            }
            monitor.tick();
            int added = 41;
            int growingInARow = 0;
            int longestRun = 0;
            long before = 41;
            OpsView view = null;
            for (int second = 1; second <= 30; second++) {
                if (second % 3 == 0) { // a burst every 3 s: 6 jobs
                    for (int i = 0; i < 6; i++) {
                        jobs.queue("payouts").add("payout", Map.of("n", added++));
                    }
                }
                clock.advance(Duration.ofSeconds(1));
                view = monitor.tick();
                long backlog = view.snapshot().queues().getFirst().backlog();
                growingInARow = backlog > before ? growingInARow + 1 : 0;
                longestRun = Math.max(longestRun, growingInARow);
                before = backlog;
            }
            for (int s = 0; s < AlertSettings.DEFAULT_FIRE_AFTER.toSeconds() && view.alerts().active().isEmpty(); s++) {
                clock.advance(Duration.ofSeconds(1));
                view = monitor.tick();
            }
            assertThat(before).isEqualTo(101);
            assertThat(longestRun).as("the backlog never grew in two samples in a row").isEqualTo(1);
            assertThat(view.alerts().active()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(AlertKind.QUEUE_DEPTH_GROWING);
                assertThat(a.subject()).isEqualTo("payouts");
                assertThat(a.value()).isGreaterThan(AlertSettings.DEFAULT_QUEUE_GROWTH_JOBS);
                assertThat(a.message()).contains("payouts", "jobs/s");
            });
        } finally {
            downstream.countDown();
        }
    }

    @Test
    void aLargeButSteadyBacklogDoesNotFire() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
             Jobs jobs = Jobs.open(store, JobsConfig.builder().meterRegistry(registry)
                     .metricsRefresh(Duration.ZERO).build());
             OpsMonitor monitor = new OpsMonitor(new MeterReader(registry, List::of), clock, AlertSettings.defaults(),
                     Json.mapper())) {
            jobs.worker("payouts", job -> {
                downstream.await();
                return null;
            }, WorkerOptions.defaults());
            for (int i = 0; i < 500; i++) {
                jobs.queue("payouts").add("payout", Map.of("n", i));
            }
            for (int second = 0; second < 90; second++) {
                clock.advance(Duration.ofSeconds(1));
                OpsView view = monitor.tick();
                assertThat(view.snapshot().queues()).singleElement().satisfies(q -> assertThat(q.backlog()).isEqualTo(500));
                assertThat(view.alerts().active()).isEmpty();
            }
        } finally {
            downstream.countDown();
        }
    }
}
