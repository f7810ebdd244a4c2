package dev.crystal.runtime.internal;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The transport feeding one cell, at least once: polls a batch (now and then taking back what members left pending
 * longer than the reclaim interval), turns each message into a mailbox item (with a reply handle back through the
 * transport when it carries a reply-to), acknowledges the batch once the cell has committed it, and while the
 * transport fails pauses a second instead of crashing the worker (a transport failure is not the worker's). A
 * receiver that can {@linkplain TransportReceiver#wakeOnArrival wake} the cell lets it park until something arrives
 * (or the next reclaim, pause end or the receiver's own deadline) instead of polling every millisecond.
 * Thread ownership: attached before the cell starts, then used only by the cell's current thread, except
 * {@link #arrived}, which the receiver's wake-up sets from any thread.
 */
final class InboundFeed {
    /** A receiver that cannot wake a parked thread is polled at least this often; also the shortest park. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Transport transport;
    private final ReplyWriter replies;
    private final TransportReceiver receiver;
    private final Duration reclaimAfter;
    private final String cellName;
    private final String addressName;
    private final InstantSource clock;
    private final Logger log;
    private long lastReclaimNanos;
    /** While the transport is failing: no polling before this {@code nanoTime}. */
    private long pausedUntil;
    /** The longest the cell may park without polling, or 0 when the receiver cannot wake it (poll every 1 ms). */
    private final long wakeBoundNanos;
    /** Set by the receiver's wake-up (any thread) when something may have arrived; cleared by each poll. */
    private volatile boolean arrived;

    InboundFeed(Transport transport, ReplyWriter replies, TransportReceiver receiver, Duration reclaimAfter,
                String cellName, String addressName, InstantSource clock, Logger log, Runnable wakeCell) {
        this.transport = transport;
        this.replies = replies;
        this.receiver = receiver;
        this.reclaimAfter = reclaimAfter;
        this.cellName = cellName;
        this.addressName = addressName;
        this.clock = clock;
        this.log = log;
        this.wakeBoundNanos = Math.max(0, receiver.wakeOnArrival(() -> {
            arrived = true;
            wakeCell.run();
        }));
    }

    /**
     * The longest the cell may park now, at most {@code maxNanos}: one poll interval when the receiver cannot wake
     * it, else until the next reclaim, the end of a pause or the receiver's own deadline (never under 1 ms).
     */
    long parkNanos(long maxNanos) {
        if (wakeBoundNanos == 0) {
            return Math.min(maxNanos, POLL_NANOS);
        }
        long now = System.nanoTime();
        long park = Math.min(maxNanos, wakeBoundNanos);
        park = Math.min(park, lastReclaimNanos + reclaimAfter.toNanos() / 2 - now);
        if (pausedUntil != 0) {
            park = Math.min(park, pausedUntil - now);
        }
        return Math.max(POLL_NANOS, park);
    }

    /** Whether the receiver woke the cell since the last poll (then the cell must not park). Any thread. */
    boolean arrived() {
        return arrived;
    }

    /** The next batch of at most {@code max} messages; empty when none waits or the transport is paused. */
    List<Inbound> poll(int max) {
        arrived = false;
        long now = System.nanoTime();
        if (pausedUntil != 0 && now - pausedUntil < 0) {
            return List.of();
        }
        try {
            if (now - lastReclaimNanos >= reclaimAfter.toNanos() / 2) {
                lastReclaimNanos = now;
                receiver.reclaim(reclaimAfter);
            }
            return receiver.poll(max);
        } catch (RuntimeException transportDown) {
            pause("polling", transportDown, now);
            return List.of();
        }
    }

    /** The mailbox item for a polled message: its envelope, or a {@link Letter} answering through the transport. */
    Object itemOf(Inbound message) {
        Envelope<?> envelope = message.envelope();
        return message.replyTo() == null ? envelope
                : new Letter(envelope, new TransportReplyHandle<>(transport, replies, message.replyTo(), envelope, addressName,
                        clock));
    }

    /** Acknowledges a committed batch; if that fails the batch stays pending and comes back (the inbox drops it). */
    void ack(List<Inbound> batch) {
        try {
            receiver.ack(batch);
        } catch (RuntimeException transportDown) {
            pause("acknowledging", transportDown, System.nanoTime());
        }
    }

    void close() {
        receiver.close();
    }

    private void pause(String doing, RuntimeException failure, long now) {
        pausedUntil = now + RETRY_NANOS;
        log.warn("{} {} failed, trying again in 1 s: {}", doing, cellName, failure.toString());
    }

    /**
     * The polled batch in the order the mailbox would take it: high-priority entries first, at most
     * {@link Priority#HIGH_BURST} in a row while normal ones wait, each lane in stream order. The batch itself
     * (returned unchanged when it holds no high-priority entry) is what gets acknowledged.
     */
    static List<Inbound> byPriority(List<Inbound> batch) {
        int high = 0;
        for (Inbound message : batch) {
            if (message.envelope().priority() == Priority.HIGH) {
                high++;
            }
        }
        if (high == 0 || high == batch.size()) {
            return batch;
        }
        List<Inbound> highs = new ArrayList<>(high);
        List<Inbound> normals = new ArrayList<>(batch.size() - high);
        for (Inbound message : batch) {
            (message.envelope().priority() == Priority.HIGH ? highs : normals).add(message);
        }
        List<Inbound> ordered = new ArrayList<>(batch.size());
        int h = 0;
        int n = 0;
        while (h < highs.size() || n < normals.size()) {
            for (int run = 0; run < Priority.HIGH_BURST && h < highs.size(); run++) {
                ordered.add(highs.get(h++));
            }
            if (n < normals.size()) {
                ordered.add(normals.get(n++));
            }
        }
        return ordered;
    }
}
