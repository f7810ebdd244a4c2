package dev.crystal.redis.jobs;

import dev.crystal.jobs.RateLimit;
import dev.crystal.jobs.spi.SharedRateLimits;
import java.time.Instant;
import java.util.List;

/**
 * Redis {@link SharedRateLimits}: one hash {@code {prefix}:limit:<queue>} per limited queue counts the
 * permits of the current clock-aligned window, taken and given back by one script per call, so every node
 * on the store shares the limit. Stateless; thread-safe.
 */
final class RedisRateLimits implements SharedRateLimits {
    private final LuaScripts scripts;

    RedisRateLimits(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public int acquire(String queue, RateLimit limit, int wanted, Instant now) {
        if (wanted <= 0) {
            return 0;
        }
        long window = SharedRateLimits.windowStart(limit, now.toEpochMilli());
        return Math.toIntExact(scripts.number("limit_acquire", List.of(queue, Long.toString(window),
                Long.toString(SharedRateLimits.windowMillis(limit)), Integer.toString(limit.max()),
                Integer.toString(wanted))));
    }

    @Override
    public void release(String queue, RateLimit limit, int unused, Instant now) {
        if (unused <= 0) {
            return;
        }
        long window = SharedRateLimits.windowStart(limit, now.toEpochMilli());
        scripts.number("limit_release", List.of(queue, Long.toString(window), Integer.toString(unused)));
    }
}
