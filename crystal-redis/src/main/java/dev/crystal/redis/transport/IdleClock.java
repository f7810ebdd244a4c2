package dev.crystal.redis.transport;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Turns an idle time measured by the transport's clock into the idle time Redis measures (server time since
 * the last delivery). Redis only knows real time; the transport's clock may run ahead of it (a test's manual
 * clock), so the clock's lead over real time since the transport opened is taken off. With the system clock
 * the lead is zero and {@code minIdle} goes to Redis unchanged. Immutable after construction; any thread.
 */
final class IdleClock {
    private final InstantSource clock;
    private final long clockStartMillis;
    private final long realStartNanos;

    IdleClock(InstantSource clock) {
        this.clock = clock;
        this.clockStartMillis = clock.millis();
        this.realStartNanos = System.nanoTime();
    }

    /** The minimum idle time to ask Redis for, in milliseconds, never negative. */
    long redisMinIdleMillis(Duration minIdle) {
        long clockElapsed = clock.millis() - clockStartMillis;
        long realElapsed = (System.nanoTime() - realStartNanos) / 1_000_000;
        long lead = Math.max(0, clockElapsed - realElapsed);
        return Math.max(0, minIdle.toMillis() - lead);
    }
}
