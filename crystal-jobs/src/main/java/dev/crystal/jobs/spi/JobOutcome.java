package dev.crystal.jobs.spi;

import java.time.Instant;

/**
 * How an attempt ended, as a worker reports it to the store. Immutable.
 */
public sealed interface JobOutcome {

    /** The job id. */
    String jobId();

    /** The lock token the worker claimed with; the store ignores the outcome if the lock is gone. */
    String lockToken();

    /** When the attempt ended. */
    Instant at();

    /** Success with a JSON return value. */
    record Completed(String jobId, String lockToken, Instant at, String returnValueJson) implements JobOutcome {
    }

    /** Handed back unstarted (a worker closing with jobs claimed ahead): the job is ready again. */
    record Released(String jobId, String lockToken, Instant at) implements JobOutcome {
    }

    /**
     * Failure. With {@code retryAt} the job goes back to delayed (or ready when {@code retryAt <= at});
     * without it the failure is final.
     */
    record Failed(String jobId, String lockToken, Instant at, String reason, Instant retryAt) implements JobOutcome {
    }
}
