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

    QueueMeters meters(String queue) {
        return meters.computeIfAbsent(queue, name -> new QueueMeters(name, registry, store.inspector(), metricsRefresh));
    }
}
