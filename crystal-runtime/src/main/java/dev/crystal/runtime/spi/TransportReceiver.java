package dev.crystal.runtime.spi;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The receiving side of a {@link Transport} for one destination and group member. Owned by one thread
 * (the worker that consumes it); close it when done.
 */
public interface TransportReceiver extends AutoCloseable {

    /**
     * Takes up to {@code max} messages not yet handed to any member of the group. They stay pending for this
     * consumer until {@link #ack acknowledged}. Never blocks; returns an empty list when there is nothing (a receiver
     * that {@linkplain #wakeOnArrival wakes its consumer} may be reading ahead meanwhile, and wakes it when that read
     * brings something).
     */
    List<Inbound> poll(int max);

    /**
     * Asks the receiver to run {@code wake} (on any thread, quickly: it only unparks) whenever {@link #poll} may have
     * something new to hand out, so that its consumer can park until then instead of polling on a timer. Call at most
     * once, before the first poll; {@code wake} may run spuriously, and may run after {@link #close()}.
     *
     * @return the longest the consumer may then park without calling {@link #poll} (nanoseconds; the receiver's own
     *         housekeeping, such as a lease to renew, sets it), or {@code 0} when this receiver cannot wake its
     *         consumer and must be polled on a short timer (the default)
     */
    default long wakeOnArrival(Runnable wake) {
        return 0;
    }

    /**
     * Acknowledges messages whose effects have committed: they are never delivered again. An implementation may
     * send the acknowledgement without waiting for it (pipelined); a lost acknowledgement only means a redelivery,
     * which the inbox drops.
     */
    void ack(List<Inbound> messages);

    /**
     * Takes back messages pending (for any member of the group) for longer than {@code minIdle}, to be
     * handed out again by {@link #poll} with a higher delivery count. Returns how many were reclaimed.
     */
    int reclaim(Duration minIdle);

    /**
     * Fences this receiver with a lease: from now on {@link #ack} and {@link #reclaim} pass {@code epoch} (the
     * epoch of the caller's grant, 0 while it holds none) to the store of the messages, which refuses them with
     * {@link StaleLeaseException} unless it is the newest epoch kept under {@code epochKey}. Answers whether this
     * receiver can check that in its store; {@code false} (the default) leaves it unfenced.
     *
     * @throws IllegalArgumentException if {@code epochKey} cannot be checked together with this destination's
     *                                  messages (e.g. another Redis Cluster slot)
     */
    default boolean fence(String epochKey, LongSupplier epoch) {
        return false;
    }

    /** Messages handed out to this consumer and not yet acknowledged. */
    int pending();

    @Override
    void close();
}
