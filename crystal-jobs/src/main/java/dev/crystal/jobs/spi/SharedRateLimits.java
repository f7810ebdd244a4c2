package dev.crystal.jobs.spi;

import dev.crystal.jobs.RateLimit;
import java.time.Instant;

/**
 * Optional port: rate-limit windows shared by every engine on the store, so a queue's limit holds across
 * nodes. Windows are aligned to the clock ({@link #windowStart}), so every engine agrees on them without
 * talking to the others; the store never reads a clock, the engine passes its time. A window's count
 * lives only as long as the window (a store may forget it after two windows). Thread-safe.
 */
public interface SharedRateLimits {

    /**
     * Takes up to {@code wanted} permits of {@code queue} in the window of {@code limit} that contains
     * {@code now}, all engines together taking at most {@link RateLimit#max()} per window.
     *
     * @return how many permits were granted, from 0 to {@code wanted}; 0 also when another engine already
     *         counts a later window (its clock is ahead of this one)
     */
    int acquire(String queue, RateLimit limit, int wanted, Instant now);

    /**
     * Gives back {@code unused} permits taken with {@link #acquire} at the same {@code now}; does nothing
     * once that window has passed.
     */
    void release(String queue, RateLimit limit, int unused, Instant now);

    /** Start of the aligned window of {@code limit} that contains {@code nowMillis}: {@code floor(now / per) * per}. */
    static long windowStart(RateLimit limit, long nowMillis) {
        long per = windowMillis(limit);
        return Math.floorDiv(nowMillis, per) * per;
    }

    /** When the window after the one containing {@code nowMillis} starts; workers refused a permit wait for it. */
    static long nextWindowStart(RateLimit limit, long nowMillis) {
        return windowStart(limit, nowMillis) + windowMillis(limit);
    }

    /** The window length in whole milliseconds, at least 1 (windows shorter than a millisecond count as one). */
    static long windowMillis(RateLimit limit) {
        return Math.max(1, limit.per().toMillis());
    }
}
