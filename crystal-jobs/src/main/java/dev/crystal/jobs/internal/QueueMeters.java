package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobState;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.spi.JobInspector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters of one queue: depth per state (from counts cached for a short while), completed,
 * failed, retried and stalled counters, wait and processing timers, limiter meters. Meters are
 * thread-safe; the cached counts are swapped atomically by whichever thread reads them stale.
 */
final class QueueMeters {
    private record Snapshot(long atNanos, QueueCounts counts) {
    }

    private final String queue;
    private final JobInspector inspector;
    private final long refreshNanos;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    final Counter completed;
    final Counter failed;
    final Counter retried;
    final Counter stalled;
    final Counter throttled;
    final Timer waitTime;
    final Timer processingTime;
    private volatile int limiterMax;

    QueueMeters(String queue, MeterRegistry registry, JobInspector inspector, Duration refresh) {
        this.queue = queue;
        this.inspector = inspector;
        this.refreshNanos = refresh.toNanos();
        for (JobState state : JobState.values()) {
            Gauge.builder("crystal.jobs.depth", this, meters -> meters.depth(state))
                    .tag("queue", queue).tag("state", state.code())
                    .description("jobs of the queue in the state").register(registry);
        }
        completed = Counter.builder("crystal.jobs.completed").tag("queue", queue)
                .description("jobs completed").register(registry);
        failed = Counter.builder("crystal.jobs.failed").tag("queue", queue)
                .description("jobs failed for good").register(registry);
        retried = Counter.builder("crystal.jobs.retried").tag("queue", queue)
                .description("failed attempts that will be retried").register(registry);
        stalled = Counter.builder("crystal.jobs.stalled").tag("queue", queue)
                .description("jobs whose lock expired while active").register(registry);
        throttled = Counter.builder("crystal.jobs.limiter.throttled").tag("queue", queue)
                .description("claims cut short by the queue's rate limit").register(registry);
        Gauge.builder("crystal.jobs.limiter.max", this, meters -> meters.limiterMax).tag("queue", queue)
                .description("jobs allowed per limiter window (0 when unlimited)").register(registry);
        waitTime = Timer.builder("crystal.jobs.wait").tag("queue", queue).publishPercentileHistogram()
                .description("time from ready to claimed").register(registry);
        processingTime = Timer.builder("crystal.jobs.processing").tag("queue", queue).publishPercentileHistogram()
                .description("time the processor ran").register(registry);
    }

    void limiterMax(int max) {
        this.limiterMax = max;
    }

    private double depth(JobState state) {
        Snapshot current = snapshot.get();
        long now = System.nanoTime();
        if (current == null || now - current.atNanos > refreshNanos) {
            current = new Snapshot(now, inspector.counts(queue));
            snapshot.set(current);
        }
        return current.counts.get(state);
    }
}
