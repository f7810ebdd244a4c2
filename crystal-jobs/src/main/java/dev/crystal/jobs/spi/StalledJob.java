package dev.crystal.jobs.spi;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import java.util.List;

/**
 * A job whose lock expired while active, and where the sweep moved it. Immutable.
 *
 * @param ref     the job
 * @param movedTo ready again, or failed after too many stalls
 * @param readied flow parents that became ready because of it (a failed child ignored by its parent)
 * @param failedParents flow parents that failed because of it
 */
public record StalledJob(JobRef ref, JobState movedTo, List<JobRef> readied, List<FailedParent> failedParents) {
    public StalledJob {
        readied = List.copyOf(readied);
        failedParents = List.copyOf(failedParents);
    }
}
