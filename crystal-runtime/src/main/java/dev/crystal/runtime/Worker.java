package dev.crystal.runtime;

/**
 * A domain worker: the single writer of its own state. Every method is called on the worker's
 * own thread, one message at a time, so a worker needs no locks. {@link #onMessage} dispatches with a
 * {@code switch} over the sealed message type, so the compiler refuses a message type left unhandled.
 *
 * @param <T> the message type the worker accepts (typically a sealed interface of records)
 */
public interface Worker<T> {

    /** Called on the worker thread before the first message, and again after a supervised restart. */
    default void onStart(WorkerContext context) throws Exception {
    }

    /**
     * Handles one message. An exception counts as a handler failure: the message is retried per the
     * worker's {@link RetryPolicy}, then goes to the dead letters, and a pending request gets
     * {@link ReplyFailure#RECIPIENT_FAILURE}. An {@link Error} other than an assertion or linkage error
     * also crashes the worker thread, which is restarted per its {@link RestartPolicy}.
     */
    void onMessage(Envelope<T> envelope, WorkerContext context) throws Exception;

    /**
     * Called after the worker has handled a batch of {@code count} messages drained in one go (at most
     * {@link WorkerOptions#maxBatch()}), before it looks for more: the place to commit a group of writes
     * at once. Reply callbacks and timers ({@link WorkerContext#runLater}) that ran in the same loop turn belong to
     * that batch; a turn that ran only callbacks ends with {@code count == 0}. An exception here crashes the worker
     * thread (it is restarted per its {@link RestartPolicy}).
     */
    default void onBatchEnd(int count, WorkerContext context) throws Exception {
    }

    /** Called once on the worker thread after the mailbox has been drained at shutdown. */
    default void onStop(WorkerContext context) throws Exception {
    }
}
