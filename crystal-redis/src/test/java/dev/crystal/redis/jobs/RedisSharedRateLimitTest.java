package dev.crystal.redis.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.JobRequest;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.SharedRateLimits;
import dev.crystal.redis.RedisTestKeys;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engines, each on its own {@link RedisJobStore} with the same prefix (two nodes), work one rate-limited
 * queue: no aligned window starts more jobs than the limit across both. Times come from one manual clock the
 * test moves, and each job's start is its claim time as stored. Owned by the JUnit thread; the engines' own
 * threads only touch the thread-safe clock and counters.
 */
@Timeout(60)
class RedisSharedRateLimitTest {
    private static final String URI = System.getProperty("crystal.redis.uri", "redis://127.0.0.1:6379");
    private static final RateLimit LIMIT = RateLimit.of(5, Duration.ofMillis(500));
    private static final int JOBS = 40;

    @RegisterExtension
    final RedisTestKeys keys = RedisJobKeys.cleaner();

    @Test
    void twoNodesNeverStartMoreThanTheLimitInAnyWindow() throws InterruptedException {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T07:59:00Z"));
        WorkerOptions options = WorkerOptions.builder().concurrency(10).pollInterval(Duration.ofMillis(5)).build();
        AtomicInteger ranOnA = new AtomicInteger();
        AtomicInteger ranOnB = new AtomicInteger();
        try (RedisJobStore storeA = RedisJobStore.open(URI, keys.prefix());
             RedisJobStore storeB = RedisJobStore.open(URI, keys.prefix());
             Jobs a = Jobs.open(storeA, config(clock));
             Jobs b = Jobs.open(storeB, config(clock))) {
            a.queue("limited").rateLimit(LIMIT);
            b.queue("limited").rateLimit(LIMIT);
            List<String> ids = a.queue("limited")
                    .addBulk(IntStream.range(0, JOBS).mapToObj(i -> JobRequest.of("n", i)).toList())
                    .stream().map(AddResult::id).toList();
            a.worker("limited", job -> ranOnA.incrementAndGet(), options);
            b.worker("limited", job -> ranOnB.incrementAndGet(), options);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (a.queue("limited").counts().get(JobState.COMPLETED) < JOBS && System.nanoTime() < deadline) {
                Thread.sleep(25);
                clock.advance(Duration.ofMillis(100));
            }

            assertThat(a.queue("limited").counts().get(JobState.COMPLETED)).isEqualTo(JOBS);
            assertThat(ranOnA.get() + ranOnB.get()).isEqualTo(JOBS);
            Map<Long, Integer> startedPerWindow = new TreeMap<>();
            for (String id : ids) {
                JobView job = a.queue("limited").job(id).orElseThrow();
                assertThat(job.attemptsStarted()).isEqualTo(1);
                long window = SharedRateLimits.windowStart(LIMIT, job.processedAt().toEpochMilli());
                startedPerWindow.merge(window, 1, Integer::sum);
            }
            assertThat(startedPerWindow.values()).as("jobs started per window %s", startedPerWindow)
                    .allSatisfy(started -> assertThat(started).isLessThanOrEqualTo(LIMIT.max()));
            assertThat(startedPerWindow).hasSizeGreaterThanOrEqualTo(JOBS / LIMIT.max());
        }
    }

    private static JobsConfig config(ManualClock clock) {
        return JobsConfig.builder().clock(clock).meterRegistry(new SimpleMeterRegistry())
                .stalledInterval(Duration.ofHours(1))
                .scheduleInterval(Duration.ofHours(1)).metricsRefresh(Duration.ZERO).build();
    }
}
