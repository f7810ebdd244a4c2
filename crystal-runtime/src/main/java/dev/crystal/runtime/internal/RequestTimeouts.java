package dev.crystal.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * Request deadlines on a hashed timing wheel (as Netty's HashedWheelTimer): registering or cancelling costs
 * one lock-free queue offer and no wake-up while requests flow; the wheel ticks every {@link #TICK_NANOS}
 * and, after a second with nothing pending, parks until the next registration.
 * Thread ownership: the wheel, its buckets and every entry's links belong to the timeouts thread;
 * other threads only offer to the two queues and read the {@code sleeping} flag.
 */
final class RequestTimeouts {
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int WHEEL_SIZE = 1024;
    private static final int MASK = WHEEL_SIZE - 1;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MpscUnboundedArrayQueue<TimedReply> added = new MpscUnboundedArrayQueue<>(256);
    private final MpscUnboundedArrayQueue<TimedReply> cancelled = new MpscUnboundedArrayQueue<>(256);
    private final TimedReply[] heads = new TimedReply[WHEEL_SIZE];
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    // timeouts thread only
    private long startNanos;
    private long tick;
    private int live;
    private long lastActivityNanos;

    RequestTimeouts(String runtimeName) {
        this.thread = Thread.ofPlatform().name("crystal-" + runtimeName + "-timeouts").daemon(true)
                .unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** Registers {@code entry} to expire after {@code timeoutNanos}. Any thread. */
    void add(TimedReply entry, long timeoutNanos) {
        entry.deadlineNanos = System.nanoTime() + timeoutNanos;
        added.offer(entry);
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Forgets an answered entry. Any thread. */
    void cancel(TimedReply entry) {
        cancelled.offer(entry);
    }

    private void run() {
        startNanos = System.nanoTime();
        lastActivityNanos = startNanos;
        while (!closed) {
            long now = System.nanoTime();
            transferAdded(now);
            unlinkCancelled();
            expireUpTo(now);
            if (live == 0 && added.isEmpty() && now - lastActivityNanos > LINGER_NANOS) {
                sleeping = true;
                if (added.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
            } else {
                LockSupport.parkNanos(this, TICK_NANOS);
            }
        }
        failAllLive();
    }

    private void transferAdded(long now) {
        TimedReply e;
        while ((e = added.poll()) != null) {
            lastActivityNanos = now;
            if (e.answered()) {
                continue;
            }
            long dueTick = Math.max((e.deadlineNanos - startNanos + TICK_NANOS - 1) / TICK_NANOS, tick);
            e.rounds = (dueTick - tick) / WHEEL_SIZE;
            link(e, (int) (dueTick & MASK));
        }
    }

    private void unlinkCancelled() {
        TimedReply e;
        while ((e = cancelled.poll()) != null) {
            if (e.bucket >= 0) {
                unlink(e);
            }
        }
    }

    /** Expires the entries of every tick that has fully passed; timeouts fire at most two ticks late. */
    private void expireUpTo(long now) {
        long nowTick = (now - startNanos) / TICK_NANOS;
        if (live == 0) {
            tick = Math.max(tick, nowTick);
            return;
        }
        while (tick < nowTick) {
            TimedReply e = heads[(int) (tick & MASK)];
            while (e != null) {
                TimedReply next = e.next;
                if (e.rounds > 0) {
                    e.rounds--;
                } else {
                    unlink(e);
                    e.expire();
                }
                e = next;
            }
            tick++;
        }
    }

    private void link(TimedReply e, int b) {
        e.bucket = b;
        e.prev = null;
        e.next = heads[b];
        if (heads[b] != null) {
            heads[b].prev = e;
        }
        heads[b] = e;
        live++;
    }

    private void unlink(TimedReply e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            heads[e.bucket] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.bucket = -1;
        live--;
    }

    /** At close: every request still waiting is answered SHUTTING_DOWN. */
    private void failAllLive() {
        transferAdded(System.nanoTime());
        for (int b = 0; b < WHEEL_SIZE; b++) {
            TimedReply e = heads[b];
            while (e != null) {
                TimedReply next = e.next;
                unlink(e);
                e.abandon();
                e = next;
            }
        }
    }
}
