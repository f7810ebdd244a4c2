package dev.crystal.server.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared adapter of {@link ReadCache} on Redis, for a cluster: every node reads and invalidates the same keys,
 * {@code <prefix>:cache:<name>:v:{<id>}} (the value as contracts JSON, with a TTL of {@code ttl} plus random jitter)
 * and {@code <prefix>:cache:<name>:g:{<id>}} (the generation); the id is their hash tag, so both are on one master
 * of a Redis Cluster. A miss reads value and generation in one round trip;
 * the store is one Lua script that sets the value only if the generation is still the one read before the load;
 * an invalidation is one script that increments the generation and deletes the value. Meters are its own counters
 * under the names Micrometer uses for Caffeine ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions}).
 * If Redis fails, reads go to the domain and the failure is logged and counted; entries then live at most their
 * TTL. Thread-safe: the Lettuce connection is shared by every caller.
 */
final class RedisReadCache<A, V extends A> implements ReadCache<A, V> {
    static final String STORE = "redis";
    private static final Logger LOG = LoggerFactory.getLogger(RedisReadCache.class);
    /** A generation outlives any load (loads time out in seconds) by far. */
    private static final long GENERATION_TTL_MS = TimeUnit.HOURS.toMillis(1);
    private static final String PUT_IF_GENERATION = """
            local g = redis.call('GET', KEYS[2]) or '0'
            if g == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """;
    private static final String INVALIDATE = """
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])
            """;

    private final String name;
    private final Class<V> type;
    private final RedisClusterCommands<String, String> redis;
    private final String keyPrefix;
    private final ObjectMapper json;
    private final long ttlMs;
    private final long jitterMs;
    private final RandomGenerator random;
    private final Counter hits;
    private final Counter misses;
    private final Counter puts;
    private final Counter evictions;
    private final Counter failures;
    private final Timer loads;
    private final CacheMeters meters;

    RedisReadCache(String name, Class<V> type, CacheSettings settings, RedisClusterCommands<String, String> redis,
                   String keyPrefix, ObjectMapper json, MeterRegistry registry, RandomGenerator random) {
        this.name = name;
        this.type = type;
        this.redis = redis;
        this.keyPrefix = keyPrefix + ":cache:" + name;
        this.json = json;
        this.ttlMs = Math.max(1, settings.ttl().toMillis());
        this.jitterMs = settings.jitter().toMillis();
        this.random = random;
        this.hits = Counter.builder("cache.gets").tags("cache", name, "store", STORE, "result", "hit")
                .description("Cache lookups that found a value").register(registry);
        this.misses = Counter.builder("cache.gets").tags("cache", name, "store", STORE, "result", "miss")
                .description("Cache lookups that found no value").register(registry);
        this.puts = Counter.builder("cache.puts").tags("cache", name, "store", STORE)
                .description("Entries added to the cache").register(registry);
        this.evictions = Counter.builder("cache.evictions").tags("cache", name, "store", STORE)
                .description("Entries deleted by an invalidation").register(registry);
        this.failures = Counter.builder("crystal.cache.failures").tags("cache", name, "store", STORE)
                .description("Cache operations that failed (Redis unreachable, bad entry)").register(registry);
        this.meters = new CacheMeters(registry, name, STORE);
        this.loads = meters.loads();
    }

    @Override
    public String name() {
        return name;
    }

    /** The id is the hash tag: value and generation share a slot on a Redis Cluster (the scripts touch both). */
    String valueKey(String id) {
        return keyPrefix + ":v:{" + id + "}";
    }

    String generationKey(String id) {
        return keyPrefix + ":g:{" + id + "}";
    }

    @Override
    public A read(String key, Supplier<? extends A> load) {
        return lookup(key, load, true);
    }

    @Override
    public void warm(String key, Supplier<? extends A> load) {
        lookup(key, load, false);
    }

    private A lookup(String key, Supplier<? extends A> load, boolean counted) {
        String stamp;
        try {
            List<KeyValue<String, String>> found = redis.mget(valueKey(key), generationKey(key));
            String cached = found.get(0).getValueOrElse(null);
            stamp = found.get(1).getValueOrElse("0");
            if (cached != null) {
                V value = json.readValue(cached, type);
                if (counted) {
                    hits.increment();
                }
                return value;
            }
        } catch (RedisException | JsonProcessingException e) {
            failed("read", key, e);
            return load.get();
        }
        if (counted) {
            misses.increment();
        }
        long start = System.nanoTime();
        A answer = load.get();
        loads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (type.isInstance(answer)) {
            try {
                long life = ttlMs + (jitterMs == 0 ? 0 : random.nextLong(jitterMs + 1));
                Long stored = redis.eval(PUT_IF_GENERATION, ScriptOutputType.INTEGER,
                        new String[]{valueKey(key), generationKey(key)}, stamp, json.writeValueAsString(answer),
                        Long.toString(life));
                if (stored != null && stored == 1L) {
                    puts.increment();
                }
            } catch (RedisException | JsonProcessingException e) {
                failed("store", key, e);
            }
        }
        return answer;
    }

    @Override
    public void invalidate(String key, String cause) {
        meters.invalidated(cause);
        try {
            Long deleted = redis.eval(INVALIDATE, ScriptOutputType.INTEGER,
                    new String[]{valueKey(key), generationKey(key)}, Long.toString(GENERATION_TTL_MS));
            if (deleted != null && deleted > 0) {
                evictions.increment();
            }
        } catch (RedisException e) {
            failed("invalidate", key, e);
        }
    }

    private void failed(String what, String key, Exception e) {
        failures.increment();
        LOG.warn("cache {}: {} of {} failed: {}", name, what, key, e.toString());
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(name, STORE, (long) hits.count(), (long) misses.count(), (long) evictions.count(),
                meters.invalidations(), -1, loads.count() == 0 ? 0 : loads.mean(TimeUnit.MILLISECONDS));
    }
}
