package dev.crystal.runtime.spi;

/**
 * Receives one {@link Hop} per message a worker handled, for a trace log ({@code RuntimeConfig.withHopTracer}).
 *
 * <p>Both methods are called on worker threads, on the hot path: {@link #traces} for every message, {@link #record}
 * for every traced one once its batch committed. They must be cheap and must never block; an implementation hands
 * records to a thread of its own (a bounded queue, dropping and counting when it is full).
 */
public interface HopTracer {
    /**
     * Whether the messages of operation {@code correlationId} are traced. Decide by the correlation id (not per
     * message), so that a traced operation is traced on every hop and every node.
     */
    boolean traces(String correlationId);

    /** Takes one finished hop of a traced operation. Must not block. */
    void record(Hop hop);
}
