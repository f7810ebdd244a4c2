package dev.crystal.runtime.spi;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;

/**
 * The sending side of a {@link Transport}: buffers envelopes and pushes them in batches. Owned by one
 * thread; close it when done.
 */
public interface TransportSender extends AutoCloseable {

    /**
     * Buffers {@code envelope} for its {@link Envelope#target() target} destination. Nothing is visible to
     * receivers before {@link #flush()}. Returns {@link Delivery#ACCEPTED}, or {@link Delivery#SHUTTING_DOWN}
     * when the transport is closed.
     */
    default Delivery send(Envelope<?> envelope) {
        return send(envelope, null);
    }

    /**
     * Buffers a request whose answer the receiver should send to destination {@code replyTo} ({@code null}: a
     * one-way message, same as {@link #send(Envelope)}). The receiver sees it as {@link Inbound#replyTo()}.
     */
    Delivery send(Envelope<?> envelope, String replyTo);

    /**
     * Pushes every buffered envelope to its destination in one batch and reports per envelope what happened,
     * in send order ({@link Delivery#REJECTED} when a destination is full).
     */
    FlushResult flush();

    /** Flushes, then releases the sender. */
    @Override
    void close();
}
