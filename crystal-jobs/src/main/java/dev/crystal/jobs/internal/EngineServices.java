package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.spi.FailedParent;
import dev.crystal.jobs.spi.JobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the engine's parts share: store, clock, codec, events, wake-ups, per-queue meters and rate
 * limiters, and the thread that times out attempts past their job's timeout. Immutable references to thread-safe parts.
 */
record EngineServices(JobStore store, InstantSource clock, JsonCodec codec, LocalJobEvents events,
                      QueueWakeups wakeups, MeterRegistry registry, Duration metricsRefresh,
                      ConcurrentHashMap<String, QueueMeters> meters,
                      ConcurrentHashMap<String, QueueRateLimiter> limiters,
                      ScheduledExecutorService timeouts) {

    /** Counts and announces flow parents that failed because a child failed. */
    void reportFailedParents(List<FailedParent> failed) {
        for (FailedParent parent : failed) {
            meters(parent.parent().queue()).failed.increment();
            events.emit(new JobEvent.Failed(parent.parent(), parent.reason(), false, null));
        }
    }

    /** A limiter for {@code queue}: shared through the store when it offers that, else in this process. */
    QueueRateLimiter limiter(String queue, RateLimit limit) {
        return store.sharedRateLimits()
                .<QueueRateLimiter>map(shared -> new SharedWindowLimiter(shared, queue, limit))
                .orElseGet(() -> new WindowRateLimiter(limit));
    }

    QueueMeters meters(String queue) {
        return meters.computeIfAbsent(queue, name -> new QueueMeters(name, registry, store.inspector(), metricsRefresh));
    }
}
