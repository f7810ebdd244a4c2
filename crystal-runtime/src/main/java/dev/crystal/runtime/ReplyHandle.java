package dev.crystal.runtime;

/**
 * Where the answer to one request goes. A handler may keep it and answer later, for example
 * after its own request to another worker has come back. Only the first answer counts.
 *
 * @param <R> reply value type
 */
public interface ReplyHandle<R> {

    /** Answers with a value. Returns {@code false} if the request was already answered or timed out. */
    boolean succeed(R value);

    /**
     * Answers with a value at once, even from inside a unit of work that has not committed yet (a worker with a
     * transactional store otherwise holds its answers until its commit). Only for an answer every fact of which is
     * already durable elsewhere and would be derived again after a crash (a settlement's outcome read from the
     * ledger's committed posting): the commit that records it is then no longer on the caller's path. A handle
     * that holds nothing answers as {@link #succeed} does.
     */
    default boolean succeedDurable(R value) {
        return succeed(value);
    }

    /** Answers with a failure. Returns {@code false} if the request was already answered or timed out. */
    boolean fail(ReplyFailure kind, String detail);

    /** The correlation id of the request this handle answers. */
    String correlationId();
}
