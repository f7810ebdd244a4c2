package dev.crystal.jobs.internal;

import dev.crystal.jobs.spi.JobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine's parts share: store, clock, codec, events, wake-ups and per-queue meters. Immutable
 * references to thread-safe parts.
 */
record EngineServices(JobStore store, InstantSource clock, JsonCodec codec, LocalJobEvents events,
                      QueueWakeups wakeups, MeterRegistry registry, Duration metricsRefresh,
                      ConcurrentHashMap<String, QueueMeters> meters,
                      ConcurrentHashMap<String, WindowRateLimiter> limiters) {

    /** Counts and announces flow parents that failed because a child failed. */
    void reportFailedParents(java.util.List<dev.crystal.jobs.spi.FailedParent> failed) {
        for (dev.crystal.jobs.spi.FailedParent parent : failed) {
            meters(parent.parent().queue()).failed.increment();
            events.emit(new dev.crystal.jobs.JobEvent.Failed(parent.parent(), parent.reason(), false, null));
        }
    }

    QueueMeters meters(String queue) {
        return meters.computeIfAbsent(queue, name -> new QueueMeters(name, registry, store.inspector(), metricsRefresh));
    }
}
