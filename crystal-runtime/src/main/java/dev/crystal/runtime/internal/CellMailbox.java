package dev.crystal.runtime.internal;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.OverflowPolicy;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.internal.CellRunState.Stop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * The mailbox of one cell, many producers to one consumer: a bounded lane for normal envelopes, one of the same
 * capacity for {@link Priority#HIGH} ones, an unbounded queue of callbacks (replies and timers, never refused so an
 * answer is never lost to a full mailbox), the {@link OverflowPolicy} applied when a lane is full, and the wake-up of
 * a parked consumer. Items are plain envelopes or {@link Letter}s (an envelope with its reply handle).
 * Thread ownership: any thread offers and posts; only the cell's current thread polls, parks and raises the
 * high-water mark. Senders read this object on every send, so the consumer writes here only when it parks and when
 * the high-water mark grows (a per-message write would bounce the cache line between the cores).
 */
final class CellMailbox {
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(CellMailbox.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int BACKPRESSURE_SPINS = 256;
    private static final long BACKPRESSURE_YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BACKPRESSURE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final String name;
    private final WorkerOptions options;
    private final CellRunState run;
    private final CellCounters counters;
    private final DeadLetterStore deadLetters;
    private final MpscArrayQueue<Object> normal;
    /** The high-priority lane; empty unless senders mark envelopes {@link Priority#HIGH}. */
    private final MpscArrayQueue<Object> urgent;
    private final MpscUnboundedArrayQueue<Callback> callbacks = new MpscUnboundedArrayQueue<>(64);
    private volatile int highWaterMark;
    private volatile boolean parked;

    CellMailbox(String name, WorkerOptions options, CellRunState run, CellCounters counters,
                DeadLetterStore deadLetters) {
        this.name = name;
        this.options = options;
        this.run = run;
        this.counters = counters;
        this.deadLetters = deadLetters;
        this.normal = new MpscArrayQueue<>(options.mailboxCapacity());
        this.urgent = new MpscArrayQueue<>(options.mailboxCapacity());
    }

    // ---- producer side (any thread) ----

    /** Offers a plain envelope or a {@link Letter}; applies the overflow policy when its lane is full. */
    Delivery offer(Object item) {
        if (run.failed()) {
            deadLetter(item, "worker " + name + " has failed and is not restarted", "");
            return Delivery.DEAD_LETTERED;
        }
        MpscArrayQueue<Object> lane = envelopeOf(item).priority() == Priority.HIGH ? urgent : normal;
        if (lane.offer(item) || offerUnderPolicy(lane, item)) {
            wake();
            return Delivery.ACCEPTED;
        }
        if (options.overflowPolicy() == OverflowPolicy.DEAD_LETTER) {
            deadLetter(item, "mailbox full (" + options.mailboxCapacity() + ")", "");
            return Delivery.DEAD_LETTERED;
        }
        counters.rejected.incrementAndGet();
        failReply(item, ReplyFailure.REJECTED, "mailbox of " + name + " is full");
        return Delivery.REJECTED;
    }

    private boolean offerUnderPolicy(MpscArrayQueue<Object> lane, Object item) {
        if (options.overflowPolicy() != OverflowPolicy.BACKPRESSURE || Thread.currentThread() == run.thread) {
            return false; // a worker waiting on its own mailbox would deadlock
        }
        // Spin, then yield, then park: a busy consumer usually makes room within microseconds.
        for (int i = 0; i < BACKPRESSURE_SPINS; i++) {
            Thread.onSpinWait();
            if (lane.offer(item)) {
                return true;
            }
        }
        // Then yield while the consumer works (it frees room soon), and park only once that has not helped.
        long start = System.nanoTime();
        long deadline = start + options.sendTimeout().toNanos();
        long now;
        while ((now = System.nanoTime()) < deadline) {
            wake();
            if (now - start < BACKPRESSURE_YIELD_NANOS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(BACKPRESSURE_PARK_NANOS);
            }
            if (lane.offer(item)) {
                return true;
            }
            if (run.stop != Stop.NONE || run.failed()) {
                return false;
            }
        }
        return false;
    }

    /** Posts a callback (reply or timer) to run on the cell's thread; never refused. */
    void post(Callback callback) {
        callbacks.offer(callback);
        wake();
    }

    /** Unparks the consumer if it is parked (a transport receiver brought messages). Any thread. */
    void wakeConsumer() {
        wake();
    }

    /**
     * Unparks the consumer if it is parked. Only the sender that flips {@link #parked} back to false unparks:
     * until the woken thread is scheduled again (tens of microseconds), every later send would otherwise pay
     * for another unpark (a mutex and a signal) and the sender would crawl. The flag can be cleared early only
     * by a sender that then unparks, so no wake-up is lost.
     */
    private void wake() {
        if (parked && PARKED.compareAndSet(this, true, false)) {
            LockSupport.unpark(run.thread);
        }
    }

    /** Dead-letters one item the cell will not handle and fails its reply, if it expects one. Any thread. */
    void deadLetter(Object item, String reason, String stackTrace) {
        counters.deadLettered.incrementAndGet();
        deadLetters.add(envelopeOf(item), reason, stackTrace);
        failReply(item, ReplyFailure.REJECTED, reason);
    }

    /** Dead-letters everything still queued (the worker failed or ended after a crash). */
    void deadLetterAll(String reason, String stackTrace) {
        Object item;
        while ((item = urgent.poll()) != null || (item = normal.poll()) != null) {
            deadLetter(item, reason, stackTrace);
        }
    }

    // ---- consumer side (the cell's current thread) ----

    /** The next high-priority item, or {@code null}; an empty poll reads one slot the consumer already owns. */
    Object pollUrgent() {
        return urgent.relaxedPoll();
    }

    /** The next normal item, or {@code null}. */
    Object pollNormal() {
        return normal.relaxedPoll();
    }

    Callback pollCallback() {
        return callbacks.poll();
    }

    /**
     * Raises the high-water mark to the normal lane's depth as a batch starts (its first item, just taken, counted).
     * {@code size()} reads the producer index every send CASes, so callers sample it. Capped: a sender may refill
     * the freed slot before {@code size()} looks.
     */
    void sampleDepth() {
        int depth = Math.min(normal.size() + 1, normal.capacity());
        if (depth > highWaterMark) {
            highWaterMark = depth; // only the consumer writes it, and only when it grows
        }
    }

    /**
     * Parks the calling (consumer) thread unless work or a stop request arrived, or {@code feed} (may be null) says
     * its receiver brought something; producers and the feed's wake-up ({@link #wakeConsumer}) unpark it.
     */
    void parkUntilWoken(long maxNanos, InboundFeed feed) {
        parked = true;
        try {
            if (isEmpty() && run.stop == Stop.NONE && (feed == null || !feed.arrived())) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            parked = false;
        }
    }

    // ---- observation (any thread) ----

    boolean isEmpty() {
        return normal.isEmpty() && urgent.isEmpty() && callbacks.isEmpty();
    }

    int depth() {
        return normal.size() + urgent.size();
    }

    int highWaterMark() {
        return Math.max(highWaterMark, depth());
    }

    static Envelope<?> envelopeOf(Object item) {
        return item instanceof Letter letter ? letter.envelope() : (Envelope<?>) item;
    }

    private static void failReply(Object item, ReplyFailure kind, String detail) {
        if (item instanceof Letter letter) {
            letter.replyTo().fail(kind, detail);
        }
    }
}
