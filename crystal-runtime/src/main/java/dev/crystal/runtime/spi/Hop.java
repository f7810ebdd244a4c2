package dev.crystal.runtime.spi;

import dev.crystal.runtime.Envelope;

/**
 * What happened to one message at one worker: when it was sent (the envelope's timestamp), started, finished and
 * committed, and how it ended. Times are epoch microseconds; the commit is the end of the worker's batch
 * ({@code onBatchEnd}, where group commit happens), so {@code committedMicros - finishedMicros} is the wait for the
 * batch commit. Immutable; the envelope is the one the worker handled.
 *
 * @param envelope        the message
 * @param worker          the worker (partition) that handled it
 * @param startedMicros   when its handler started
 * @param finishedMicros  when its handler (and retries) ended
 * @param committedMicros when the batch it belonged to ended (equal to {@code finishedMicros} without a batch hook)
 * @param outcome         how it ended
 * @param attempts        handler attempts made (more than one after retries)
 */
public record Hop(Envelope<?> envelope, String worker, long startedMicros, long finishedMicros, long committedMicros,
                  Outcome outcome, int attempts) {

    /** How a message's handling ended. */
    public enum Outcome {
        /** The handler returned. */
        HANDLED,
        /** The handler kept failing and the message went to the dead letters. */
        DEAD_LETTERED,
        /** The handler ended the worker's thread (an {@code Error}); the message went to the dead letters. */
        CRASHED
    }

    /** The wait between the handler's end and the commit of its batch, in microseconds. */
    public long commitWaitMicros() {
        return Math.max(0, committedMicros - finishedMicros);
    }
}
