package dev.crystal.server.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters every cache adapter shares: {@code crystal.cache.load} (time to load from the domain) and
 * {@code crystal.cache.invalidations} by cause, tagged with the cache and its store. Thread-safe.
 */
final class CacheMeters {
    private final MeterRegistry registry;
    private final String cache;
    private final String store;
    private final LongAdder invalidations = new LongAdder();
    private final Map<String, Counter> byCause = new ConcurrentHashMap<>();

    CacheMeters(MeterRegistry registry, String cache, String store) {
        this.registry = registry;
        this.cache = cache;
        this.store = store;
    }

    Timer loads() {
        return Timer.builder("crystal.cache.load").description("Time to load a cache miss from its domain")
                .tags("cache", cache, "store", store).register(registry);
    }

    void invalidated(String cause) {
        invalidations.increment();
        byCause.computeIfAbsent(cause, c -> Counter.builder("crystal.cache.invalidations")
                .description("Entries dropped because their state changed")
                .tags("cache", cache, "store", store, "cause", c).register(registry)).increment();
    }

    long invalidations() {
        return invalidations.sum();
    }
}
