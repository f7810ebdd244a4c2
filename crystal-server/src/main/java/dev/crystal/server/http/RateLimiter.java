package dev.crystal.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-key request rate limits (generic cell rate algorithm: one theoretical arrival time per key,
 * updated by compare-and-set, so a decision costs one atomic update and no lock). Thread-safe:
 * called from every request thread; idle keys are swept when the table grows past its bound.
 */
public final class RateLimiter {
    /** Keys remembered before idle ones are swept. */
    static final int MAX_KEYS = 100_000;

    /** The answer for one request. */
    public sealed interface Decision {
        /** The request may proceed. */
        record Allowed() implements Decision {
        }

        /** The request is refused; the caller may try again after {@code retryAfterNanos}. */
        record Refused(long retryAfterNanos) implements Decision {
            /** Whole seconds to wait, rounded up (at least 1), for the {@code Retry-After} header. */
            public long retryAfterSeconds() {
                return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
            }
        }
    }

    private static final Decision ALLOWED = new Decision.Allowed();

    private final RateLimit limit;
    private final LongSupplier nanoClock;
    private final long interval;
    private final long tolerance;
    private final Map<String, AtomicLong> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    /** A limiter on the JVM's monotonic clock. */
    public RateLimiter(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    RateLimiter(RateLimit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
        this.interval = limit.limited() ? Math.max(1, Math.round(1_000_000_000d / limit.perSecond())) : 0;
        this.tolerance = limit.limited() ? interval * (limit.burst() - 1) : 0;
    }

    /** Keys remembered now. */
    int keys() {
        return arrivals.size();
    }

    public RateLimit limit() {
        return limit;
    }

    /** Takes one request's permit for {@code key} or says how long to wait. */
    public Decision acquire(String key) {
        if (!limit.limited()) {
            return ALLOWED;
        }
        long now = nanoClock.getAsLong();
        long swept = lastSweep.get();
        // at most one sweep per second, by one thread, so many keys cannot make every request slow
        if (arrivals.size() > MAX_KEYS && now - swept > 1_000_000_000L && lastSweep.compareAndSet(swept, now)) {
            arrivals.values().removeIf(tat -> tat.get() < now);
        }
        AtomicLong arrival = arrivals.computeIfAbsent(key, k -> new AtomicLong(now));
        while (true) {
            long tat = arrival.get();
            long start = Math.max(tat, now);
            if (start - now > tolerance) {
                return new Decision.Refused(start - now - tolerance);
            }
            if (arrival.compareAndSet(tat, start + interval)) {
                return ALLOWED;
            }
        }
    }
}
