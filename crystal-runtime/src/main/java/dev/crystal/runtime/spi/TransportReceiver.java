package dev.crystal.runtime.spi;

import java.time.Duration;
import java.util.List;

/**
 * The receiving side of a {@link Transport} for one destination and group member. Owned by one thread
 * (the worker that consumes it); close it when done.
 */
public interface TransportReceiver extends AutoCloseable {

    /**
     * Takes up to {@code max} messages not yet handed to any member of the group. They stay pending for this
     * consumer until {@link #ack acknowledged}. Never blocks; returns an empty list when there is nothing.
     */
    List<Inbound> poll(int max);

    /** Acknowledges messages whose effects have committed: they are never delivered again. */
    void ack(List<Inbound> messages);

    /**
     * Takes back messages pending (for any member of the group) for longer than {@code minIdle}, to be
     * handed out again by {@link #poll} with a higher delivery count. Returns how many were reclaimed.
     */
    int reclaim(Duration minIdle);

    /** Messages handed out to this consumer and not yet acknowledged. */
    int pending();

    @Override
    void close();
}
