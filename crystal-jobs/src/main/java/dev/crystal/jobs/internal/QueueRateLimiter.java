package dev.crystal.jobs.internal;

import dev.crystal.jobs.RateLimit;

/**
 * Counts the permits of one queue's rate limit for the engine's workers: in this process
 * ({@link WindowRateLimiter}) or in the store, shared with every engine on it ({@link SharedWindowLimiter}).
 * Implementations are thread-safe; a queue's workers share one.
 */
interface QueueRateLimiter {

    /** The limit counted. */
    RateLimit limit();

    /** Takes up to {@code wanted} permits in the window containing {@code now}; returns how many. */
    int acquire(int wanted, long now);

    /** Gives back permits taken at {@code now} but not used. */
    void release(int unused, long now);

    /** Milliseconds until the current window ends (0 if it already has). */
    long millisUntilNextWindow(long now);
}
