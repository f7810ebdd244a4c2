package dev.crystal.jobs.spi;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import java.time.Instant;

/**
 * Port: changes queues and single jobs on an operator's request. Thread-safe.
 */
public interface QueueControl {

    /** Pauses or resumes a queue durably. */
    void setPaused(String queue, boolean paused);

    /** Whether the queue is paused. */
    boolean isPaused(String queue);

    /** Moves a failed job back to ready with attempts reset. */
    ControlResult retry(String queue, String id, Instant now);

    /** Removes a job that is not active. */
    ControlResult remove(String queue, String id);

    /** Removes up to {@code limit} jobs in {@code state} that finished before {@code finishedBefore}. */
    int clean(String queue, JobState state, Instant finishedBefore, int limit);
}
