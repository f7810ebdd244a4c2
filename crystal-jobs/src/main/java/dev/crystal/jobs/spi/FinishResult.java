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

    /** Applied: the job is now in {@code state}; {@code readied} lists flow parents that became ready. */
    record Applied(String jobId, dev.crystal.jobs.JobState state, List<JobRef> readied) implements FinishResult {
        public Applied {
            readied = List.copyOf(readied);
        }

        /** Convenience for results without readied parents. */
        public static Applied of(String jobId, JobState state) {
            return new Applied(jobId, state, List.of());
        }
    }

    /** Ignored: the worker's lock was lost (the job stalled and was taken over). */
    record LockLost(String jobId) implements FinishResult {
    }
}
