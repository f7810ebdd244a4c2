package dev.crystal.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The in-process adapter of {@link ReadCache} on Caffeine: size-bounded, each entry living {@code ttl} plus a random
 * part of {@code jitter}, stats on {@code /metrics} through Micrometer's {@link CaffeineCacheMetrics}. Generations
 * are kept in a fixed array of stripes (a key's stripe is bumped on invalidation): two keys sharing a stripe only
 * cost a skipped store, never a stale read. Thread-safe (Caffeine and atomics); no locks are held during a load.
 */
final class CaffeineReadCache<A, V extends A> implements ReadCache<A, V> {
    static final String STORE = "caffeine";
    private static final int STRIPES = 4096;

    private final String name;
    private final Class<V> type;
    private final Cache<String, V> cache;
    private final StatsCounter stats = new ConcurrentStatsCounter();
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final Timer loads;
    private final CacheMeters meters;

    /**
     * @param maintenance where Caffeine does its bookkeeping (eviction, expiry): off the callers' threads in
     *                    production, so a domain worker that invalidates never waits for it; inline in tests
     */
    CaffeineReadCache(String name, Class<V> type, CacheSettings settings, MeterRegistry registry, Ticker ticker,
                      RandomGenerator random, Executor maintenance) {
        this.name = name;
        this.type = type;
        long ttl = settings.ttl().toNanos();
        long jitter = settings.jitter().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .ticker(ticker)
                .executor(maintenance)
                .expireAfter(new Expiry<String, V>() {
                    @Override
                    public long expireAfterCreate(String key, V value, long currentTime) {
                        return ttl + (jitter == 0 ? 0 : random.nextLong(jitter + 1));
                    }

                    @Override
                    public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .recordStats(() -> stats)
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, name, Tags.of("store", STORE));
        this.meters = new CacheMeters(registry, name, STORE);
        this.loads = meters.loads();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public A read(String key, Supplier<? extends A> load) {
        V cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        return loadAndKeep(key, load);
    }

    @Override
    public void warm(String key, Supplier<? extends A> load) {
        if (cache.policy().getIfPresentQuietly(key) == null) {
            loadAndKeep(key, load);
        }
    }

    private A loadAndKeep(String key, Supplier<? extends A> load) {
        int stripe = stripe(key);
        long stamp = generations.get(stripe);
        long start = System.nanoTime();
        A answer;
        try {
            answer = load.get();
        } catch (RuntimeException e) {
            stats.recordLoadFailure(System.nanoTime() - start);
            throw e;
        }
        long took = System.nanoTime() - start;
        stats.recordLoadSuccess(took);
        loads.record(took, TimeUnit.NANOSECONDS);
        if (type.isInstance(answer) && generations.get(stripe) == stamp) {
            cache.put(key, type.cast(answer));
            // An invalidation bumps the generation, then deletes. If it bumped after the check above, either this
            // second check sees it, or its delete comes after this put: the raced value never stays.
            if (generations.get(stripe) != stamp) {
                cache.invalidate(key);
            }
        }
        return answer;
    }

    @Override
    public void invalidate(String key, String cause) {
        generations.incrementAndGet(stripe(key));
        cache.invalidate(key);
        meters.invalidated(cause);
    }

    @Override
    public CacheStats stats() {
        var s = cache.stats();
        return new CacheStats(name, STORE, s.hitCount(), s.missCount(), s.evictionCount(), meters.invalidations(),
                cache.estimatedSize(), s.loadCount() == 0 ? 0 : s.averageLoadPenalty() / 1e6);
    }

    /** The Caffeine cache, for tests that look at entries' lifetimes. */
    Cache<String, V> caffeine() {
        return cache;
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        return (h & 0x7fffffff) % STRIPES;
    }
}
