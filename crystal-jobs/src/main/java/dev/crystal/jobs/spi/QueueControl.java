package dev.crystal.jobs.spi;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.ObliterateResult;
import java.time.Instant;
import java.util.List;

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

    /**
     * Removes up to {@code limit} jobs in {@code state} that finished (completed, failed) or were added (other
     * states) before {@code before}; active jobs cannot be cleaned.
     *
     * @return the ids removed
     */
    List<String> clean(String queue, JobState state, Instant before, int limit);

    /** Moves a delayed job to ready now ({@code waiting} or {@code prioritized}); WRONG_STATE if not delayed. */
    ControlResult promote(String queue, String id, Instant now);

    /** Replaces the data of a job that has not finished; WRONG_STATE for completed or failed jobs. */
    ControlResult updateData(String queue, String id, String dataJson);

    /**
     * Removes the queue: every job (with logs), its pause flag and the schedules that add to it. Refused
     * ({@link ObliterateResult.ActiveJobs}, nothing removed) while jobs are active, unless {@code force}:
     * then active jobs go too and their workers' outcomes are ignored (lock lost).
     */
    ObliterateResult obliterate(String queue, boolean force);
}
