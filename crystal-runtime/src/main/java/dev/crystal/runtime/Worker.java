package dev.crystal.runtime;

/**
 * A domain worker: the single writer of its own state. Every method is called on the worker's
 * own thread, one message at a time, so a worker needs no locks.
 *
 * @param <T> the message type the worker accepts (typically a sealed interface of records)
 */
public interface Worker<T> {

    /** Called once on the worker thread before the first message. */
    default void onStart(WorkerContext context) throws Exception {
    }

    /**
     * Handles one message. An exception counts as a handler failure: the message goes to the
     * dead letters, and a pending request gets {@link ReplyFailure#RECIPIENT_FAILURE}.
     */
    void onMessage(Envelope<T> envelope, WorkerContext context) throws Exception;

    /** Called once on the worker thread after the mailbox has been drained at shutdown. */
    default void onStop(WorkerContext context) throws Exception {
    }
}
