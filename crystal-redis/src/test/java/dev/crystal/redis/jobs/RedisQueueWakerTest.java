package dev.crystal.redis.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.JobsConfig;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.testsupport.LocalRedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Job workers of one process are woken by another process's jobs through the queue events (one blocking XREAD),
 * instead of claiming every {@code pollInterval}; counted on a private Redis (port 6413) with
 * {@code INFO commandstats}.
 */
@Tag("system")
class RedisQueueWakerTest {
    private static final Pattern CALLS = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");

    private final LocalRedisServer redis = LocalRedisServer.start(6413);

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void aWorkerWaitingLongerThanTheTestIsWokenByAJobAnotherProcessAdds() {
        AtomicInteger ran = new AtomicInteger();
        try (RedisJobStore worker = RedisJobStore.open(redis.uri(), "wake");
             RedisJobStore adder = RedisJobStore.open(redis.uri(), "wake");
             Jobs working = Jobs.open(worker, config());
             Jobs adding = Jobs.open(adder, config())) {
            working.worker("q", job -> ran.incrementAndGet(),
                    WorkerOptions.builder().pollInterval(Duration.ofMinutes(5)).build());
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
            adding.queue("q").add("n", 1);
            // only the wake-up can start it: the worker would next look in five minutes
            await().atMost(Duration.ofSeconds(30)).until(() -> ran.get() == 1);
        }
    }

    @Test
    void anIdleWorkerCostsRedisAFewCommandsPerSecondNotAClaimPerPollInterval() throws InterruptedException {
        try (RedisJobStore store = RedisJobStore.open(redis.uri(), "idle");
             Jobs jobs = Jobs.open(store, config())) {
            jobs.worker("q", job -> null, WorkerOptions.builder().pollInterval(Duration.ofMillis(200)).build());
            Thread.sleep(1_000);
            long before = commands();
            Thread.sleep(6_000);
            long sent = commands() - before - 1;
            // before the waker: a claim script (about 7 commands with the ones it runs) every 200 ms, ~210 in 6 s;
            // now: a blocking XREAD every 2 s and a claim at most every 5 s
            assertThat(sent).as("commands an idle queue worker sent in 6 s").isLessThan(40);
        }
    }

    private static JobsConfig config() {
        return JobsConfig.builder().clock(InstantSource.system()).meterRegistry(new SimpleMeterRegistry())
                .stalledInterval(Duration.ofHours(1)).scheduleInterval(Duration.ofHours(1))
                .metricsRefresh(Duration.ZERO).build();
    }

    private long commands() {
        Matcher m = CALLS.matcher(redis.cli("INFO", "commandstats"));
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }
}
