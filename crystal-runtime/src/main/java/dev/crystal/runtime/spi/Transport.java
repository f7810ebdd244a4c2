package dev.crystal.runtime.spi;

/**
 * Carries envelopes to named destinations (streams) with at-least-once delivery. Senders buffer and
 * {@linkplain TransportSender#flush() flush} in batches; receivers hand out messages that stay pending until
 * {@linkplain TransportReceiver#ack acknowledged} after the handler's effects have committed; pending
 * messages not acknowledged in time are delivered again, and the envelope's message id lets an inbox
 * drop duplicates. Thread-safe: any thread may open senders and receivers.
 */
public interface Transport extends AutoCloseable {

    /** A short name for logs and metrics, e.g. {@code "in-memory"} or {@code "redis-streams"}. */
    String name();

    /** Opens a sender, to be used by one thread. */
    TransportSender openSender();

    /**
     * Opens a receiver for {@code destination} as member {@code consumer} of {@code group}: members of one
     * group share the destination's messages (each message goes to one member); different groups each see
     * every message.
     */
    TransportReceiver openReceiver(String destination, String group, String consumer);

    /** Stops the transport; later sends answer {@link dev.crystal.runtime.Delivery#SHUTTING_DOWN}. */
    @Override
    void close();
}
