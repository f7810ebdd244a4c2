package dev.crystal.server.cache;

import java.util.function.Supplier;

/**
 * A read-through cache of one view ({@code balances}, {@code affiliates}, {@code bonuses}): the port the HTTP
 * reads go through, with an in-process (Caffeine) and a shared (Redis) adapter and a bypass.
 *
 * <p>Guarantee: once {@link #invalidate} returned, no value loaded before it is served. A load that raced with an
 * invalidation (it read the old state, the state changed and was invalidated, then the load finished) is not
 * stored: every key has a generation that {@link #invalidate} bumps before it deletes the entry, a load notes the
 * generation before it asks the domain, and stores its answer only when the generation is unchanged. Thread-safe;
 * called from request threads (reads) and domain worker threads (invalidations).
 *
 * @param <A> the answer of the domain (for example {@code BalanceReply.Lookup})
 * @param <V> the answers worth keeping (for example {@code CustomerBalance}; a not-found answer is not cached)
 */
public interface ReadCache<A, V extends A> {

    /** The cache's name, as in the {@code cache} tag of its meters. */
    String name();

    /** The cached value of {@code key}, else {@code load}'s answer, kept when it is a {@code V}. */
    A read(String key, Supplier<? extends A> load);

    /** Loads {@code key} and keeps it if it is absent, without counting a hit or a miss (warming). */
    void warm(String key, Supplier<? extends A> load);

    /** Drops {@code key}: the state behind it changed because of {@code cause} (an event kind). */
    void invalidate(String key, String cause);

    /** Counts since start. */
    CacheStats stats();

    /**
     * What a cache did since start.
     *
     * @param store         {@code caffeine}, {@code redis} or {@code off}
     * @param evictions     entries dropped for size or age (Caffeine), or deleted by an invalidation (Redis)
     * @param invalidations invalidations received (whether or not the key was cached)
     * @param size          entries held now ({@code -1} when the store does not say)
     * @param loadMeanMs    mean time of a load from the domain
     */
    record CacheStats(String name, String store, long hits, long misses, long evictions, long invalidations,
                      long size, double loadMeanMs) {
        /** Hits over lookups, 0 when nothing was read. */
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }
}
