package dev.crystal.jobs.internal;

import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.spi.SharedRateLimits;
import java.time.Instant;

/**
 * A queue's rate limit counted by the store's {@link SharedRateLimits}, so every engine on the store shares
 * its clock-aligned windows. Holds no state of its own; thread-safe as the port is.
 */
final class SharedWindowLimiter implements QueueRateLimiter {
    private final SharedRateLimits shared;
    private final String queue;
    private final RateLimit limit;

    SharedWindowLimiter(SharedRateLimits shared, String queue, RateLimit limit) {
        this.shared = shared;
        this.queue = queue;
        this.limit = limit;
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public int acquire(int wanted, long now) {
        if (wanted <= 0) {
            return 0;
        }
        int granted = shared.acquire(queue, limit, wanted, Instant.ofEpochMilli(now));
        if (granted < 0 || granted > wanted) {
            throw new IllegalStateException("shared rate limit of queue '" + queue + "' granted " + granted
                    + " permits when " + wanted + " were asked for");
        }
        return granted;
    }

    @Override
    public void release(int unused, long now) {
        if (unused > 0) {
            shared.release(queue, limit, unused, Instant.ofEpochMilli(now));
        }
    }

    @Override
    public long millisUntilNextWindow(long now) {
        return Math.max(0, SharedRateLimits.nextWindowStart(limit, now) - now);
    }
}
