package dev.crystal.jobs.spi;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import java.util.List;

/**
 * What the store did with one {@link JobOutcome}. Immutable.
 */
public sealed interface FinishResult {

    /** The job id. */
    String jobId();

    /**
     * Applied: the job is now in {@code state}; {@code readied} lists flow parents that became ready,
     * {@code failedParents} those that failed because of it.
     */
    record Applied(String jobId, JobState state, List<JobRef> readied, List<FailedParent> failedParents)
            implements FinishResult {
        public Applied {
            readied = List.copyOf(readied);
            failedParents = List.copyOf(failedParents);
        }

        /** Convenience for results without effects on flow parents. */
        public static Applied of(String jobId, JobState state) {
            return new Applied(jobId, state, List.of(), List.of());
        }
    }

    /** Ignored: the worker's lock was lost (the job stalled and was taken over). */
    record LockLost(String jobId) implements FinishResult {
    }
}
