package dev.crystal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.spi.JobStorePorts;
import dev.crystal.jobs.spi.SharedRateLimits;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine counts a queue's rate limit through {@link JobStore#sharedRateLimits()} when the store offers
 * it: two engines on one store share one count, and a count that cannot be reached only delays claims.
 * The store here is SQLite with an in-memory shared count added. Owned by the JUnit thread; the fake count
 * is a concurrent map any worker thread may update.
 */
@Timeout(30)
class SharedRateLimitsEngineTest {
    private static final Instant START = Instant.parse("2026-01-05T07:59:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(START);
    private final CountingLimits limits = new CountingLimits();
    private SharedStore store;

    @BeforeEach
    void open() {
        store = new SharedStore(SqliteJobStore.open(dir.resolve("jobs.db")), limits);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void twoEnginesShareTheStoresCountPerAlignedWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Jobs a = Jobs.open(store, config(registry));
             Jobs b = Jobs.open(store, config(new SimpleMeterRegistry()))) {
            a.queue("limited").rateLimit(RateLimit.of(3, Duration.ofSeconds(1)));
            b.queue("limited").rateLimit(RateLimit.of(3, Duration.ofSeconds(1)));
            JobQueue queue = a.queue("limited");
            queue.addBulk(IntStream.range(0, 10).mapToObj(i -> JobRequest.of("n", i)).toList());
            a.worker("limited", job -> null, fast(5));
            b.worker("limited", job -> null, fast(5));

            await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 3);
            await().pollDelay(Duration.ofMillis(150)).atMost(WAIT).until(() -> true);
            assertThat(queue.counts().get(JobState.COMPLETED)).as("both engines together, one window").isEqualTo(3);
            clock.advance(Duration.ofMillis(999));
            await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
            assertThat(queue.counts().get(JobState.COMPLETED)).as("still the same aligned window").isEqualTo(3);
            clock.advance(Duration.ofMillis(1));
            await().atMost(WAIT).until(() -> queue.counts().get(JobState.COMPLETED) == 6);

            assertThat(limits.granted.get()).isGreaterThanOrEqualTo(6);
            assertThat(registry.get("crystal.jobs.limiter.throttled").tag("queue", "limited").counter().count())
                    .isPositive();
            assertThat(registry.get("crystal.jobs.limiter.max").tag("queue", "limited").gauge().value())
                    .isEqualTo(3.0);
        }
    }

    @Test
    void anUnreachableCountDelaysClaimsWithoutStoppingTheWorker() {
        limits.failing.set(true);
        try (Jobs jobs = Jobs.open(store, config(new SimpleMeterRegistry()))) {
            JobQueue queue = jobs.queue("limited");
            queue.rateLimit(RateLimit.of(2, Duration.ofSeconds(1)));
            String id = queue.add("x", 1).id();
            jobs.worker("limited", job -> null, fast(1));
            await().atMost(WAIT).until(() -> limits.failures.get() >= 2);
            assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.WAITING);
            limits.failing.set(false);
            await().atMost(WAIT).until(() -> queue.job(id).orElseThrow().state() == JobState.COMPLETED);
        }
    }

    private JobsConfig config(SimpleMeterRegistry registry) {
        return JobsConfig.builder().clock(clock).meterRegistry(registry).stalledInterval(Duration.ofHours(1))
                .scheduleInterval(Duration.ofHours(1)).metricsRefresh(Duration.ZERO).build();
    }

    private static WorkerOptions fast(int concurrency) {
        return WorkerOptions.builder().concurrency(concurrency).pollInterval(Duration.ofMillis(10)).build();
    }

    /** An in-memory shared count per queue and aligned window; each update is one atomic map compute. */
    private static final class CountingLimits implements SharedRateLimits {
        private record Count(long window, int used) {
        }

        final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();
        final AtomicInteger granted = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public int acquire(String queue, RateLimit limit, int wanted, Instant now) {
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("shared count unreachable (test)");
            }
            long window = SharedRateLimits.windowStart(limit, now.toEpochMilli());
            AtomicInteger grant = new AtomicInteger();
            counts.compute(queue, (name, count) -> {
                int used = count == null || count.window() < window ? 0 : count.used();
                if (count != null && count.window() > window) {
                    return count;
                }
                grant.set(Math.max(0, Math.min(wanted, limit.max() - used)));
                return new Count(window, used + grant.get());
            });
            granted.addAndGet(grant.get());
            return grant.get();
        }

        @Override
        public void release(String queue, RateLimit limit, int unused, Instant now) {
            long window = SharedRateLimits.windowStart(limit, now.toEpochMilli());
            counts.computeIfPresent(queue, (name, count) -> count.window() == window
                    ? new Count(window, Math.max(0, count.used() - unused)) : count);
            granted.addAndGet(-unused);
        }
    }

    /** SQLite's ports plus a shared count. Immutable; thread-safe as its parts are. */
    private record SharedStore(JobStore store, SharedRateLimits limits) implements JobStore {
        @Override
        public JobStorePorts ports() {
            return store.ports();
        }

        @Override
        public Optional<SharedRateLimits> sharedRateLimits() {
            return Optional.of(limits);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
