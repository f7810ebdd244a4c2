package dev.crystal.server.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the read cache in front of balances, affiliates and bonuses. Immutable and validated;
 * {@link #defaults()} gives the documented defaults (the {@code DEFAULT_*} constants).
 *
 * @param enabled    {@code false} bypasses the cache: every read asks the domain worker
 * @param ttl        how long an entry lives at most before it is read again from the domain
 * @param jitter     a random extra lifetime between zero and this, drawn per entry, so entries written together do
 *                   not all expire together
 * @param maxEntries entries kept per cache (in-process cache; Redis relies on TTLs and its own memory policy)
 * @param warm       how many of the customers with the most recent ledger activity to load at start (0: none)
 */
public record CacheSettings(boolean enabled, Duration ttl, Duration jitter, long maxEntries, int warm) {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JITTER = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    public static final int DEFAULT_WARM = 1_000;

    public CacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(jitter, "jitter");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache.ttl must be positive, was " + ttl);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("cache.jitter must not be negative, was " + jitter);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.maxEntries must be at least 1, was " + maxEntries);
        }
        if (warm < 0) {
            throw new IllegalArgumentException("cache.warm must not be negative, was " + warm);
        }
    }

    /** On, 5 minutes plus up to 30 s of jitter, 100,000 entries per cache, 1,000 balances warmed at start. */
    public static CacheSettings defaults() {
        return new CacheSettings(true, DEFAULT_TTL, DEFAULT_JITTER, DEFAULT_MAX_ENTRIES, DEFAULT_WARM);
    }

    public CacheSettings withEnabled(boolean on) {
        return new CacheSettings(on, ttl, jitter, maxEntries, warm);
    }

    public CacheSettings withTtl(Duration value) {
        return new CacheSettings(enabled, value, jitter, maxEntries, warm);
    }

    public CacheSettings withJitter(Duration value) {
        return new CacheSettings(enabled, ttl, value, maxEntries, warm);
    }

    public CacheSettings withMaxEntries(long value) {
        return new CacheSettings(enabled, ttl, jitter, value, warm);
    }

    public CacheSettings withWarm(int value) {
        return new CacheSettings(enabled, ttl, jitter, maxEntries, value);
    }
}
