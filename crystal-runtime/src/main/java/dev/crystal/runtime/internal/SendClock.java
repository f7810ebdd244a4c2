package dev.crystal.runtime.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The timestamp stamped on envelopes by one runtime. Any clock but the system clock (a test's fixed or mutable
 * clock) is asked on every send, as before. The system clock becomes a cached millisecond clock: reading it
 * costs 20–80 ns (kvm-clock in a VM), more than the rest of a send, so while messages flow a ticker thread
 * reads it once per millisecond and senders take the cached {@link Instant}. The ticker parks after
 * 100 ms in which nobody sent, so an idle runtime costs no CPU; the next send then reads the clock itself
 * and wakes it. Envelope timestamps therefore have millisecond resolution and may lag real time by about one
 * tick (more if the ticker thread is not scheduled on time). Before {@link #start()} and after {@link #stop()}
 * every send reads the clock.
 * <p>Thread-safe without locks: {@link #current} is a volatile reference to a {@link Stamp} whose instant is
 * final; {@code taken} is only a hint (a lost write at worst parks the ticker one tick early, and the next send
 * wakes it). The ticker publishes {@link #sleeping} before clearing {@link #current}, so a sender that finds no
 * stamp also sees that the ticker sleeps, and wakes it.
 */
final class SendClock implements Runnable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Ticks without a send before the ticker parks: 100 ms, so a sender pays the wake-up (an unpark) only after
     * that much silence, not on every sparse message, while an idle runtime still stops ticking.
     */
    private static final int QUIET_TICKS_BEFORE_SLEEP = 100;

    private final InstantSource clock;
    /** The ticker thread, or {@code null} when the clock is not the system clock. */
    private final Thread ticker;
    /** The cached time, or {@code null} while the ticker sleeps (then senders read the clock themselves). */
    private volatile Stamp current;
    private volatile boolean sleeping = true;
    private volatile boolean running;

    SendClock(InstantSource clock, String runtimeName) {
        this.clock = clock;
        boolean system = clock == InstantSource.system() || clock.getClass() == Clock.systemUTC().getClass();
        this.ticker = system ? Thread.ofPlatform().name("crystal-" + runtimeName + "-clock").daemon(true)
                .unstarted(this) : null;
    }

    void start() {
        if (ticker != null) {
            running = true;
            ticker.start();
        }
    }

    void stop() {
        if (ticker != null) {
            running = false;
            current = null;
            LockSupport.unpark(ticker);
        }
    }

    Instant now() {
        if (ticker == null) {
            return clock.instant();
        }
        Stamp stamp = current;
        if (stamp != null) {
            if (!stamp.taken) {
                stamp.taken = true; // first taker of this tick only: the line is written once per millisecond
            }
            return stamp.instant;
        }
        return readAndWake();
    }

    /** The slow path: the ticker sleeps (or is not running), so read the clock here and wake it. */
    private Instant readAndWake() {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        if (running) {
            Stamp stamp = new Stamp(now);
            stamp.taken = true;
            current = stamp;
            if (sleeping) {
                sleeping = false;
                LockSupport.unpark(ticker);
            }
            if (!running) {
                current = null; // stopped meanwhile: leave no stamp behind
            }
        }
        return now;
    }

    @Override
    public void run() {
        int quietTicks = 0;
        while (running) {
            while (sleeping && running) {
                LockSupport.park(this);
            }
            LockSupport.parkNanos(this, TICK_NANOS);
            Stamp stamp = current;
            if (stamp != null && stamp.taken) {
                quietTicks = 0;
            } else if (++quietTicks >= QUIET_TICKS_BEFORE_SLEEP) {
                // Nobody sent for a while: sleep until a send finds no stamp and wakes us.
                quietTicks = 0;
                sleeping = true;
                current = null;
                continue;
            }
            current = new Stamp(Instant.ofEpochMilli(System.currentTimeMillis()));
        }
        current = null;
    }

    /** One instant and whether a sender took it. */
    private static final class Stamp {
        final Instant instant;
        boolean taken;

        Stamp(Instant instant) {
            this.instant = instant;
        }
    }
}
