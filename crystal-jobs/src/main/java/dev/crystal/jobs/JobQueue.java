package dev.crystal.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One named queue: add jobs, look at them, control the queue. Thread-safe; every method commits durably
 * before it returns.
 */
public interface JobQueue {

    /** The queue name. */
    String name();

    /**
     * Adds one job.
     *
     * @param name    the job name
     * @param data    any value Jackson can write as JSON, or a {@link JsonPayload}
     * @param options job options
     * @return added, already there (same custom id and data) or an id conflict
     * @throws BadPayloadException if {@code data} cannot be written as JSON
     */
    AddResult add(String name, Object data, JobOptions options);

    /** Adds one job with default options. */
    default AddResult add(String name, Object data) {
        return add(name, data, JobOptions.defaults());
    }

    /** Adds many jobs in one transaction; one result per request, in order. */
    List<AddResult> addBulk(List<JobRequest> requests);

    /** The job with this id, if stored. */
    Optional<JobView> job(String id);

    /** The log lines a processor wrote for this job, oldest first. */
    List<String> logs(String id);

    /** Counts per state and whether the queue is paused. */
    QueueCounts counts();

    /** Jobs in {@code state}: ready states in run order, finished states newest first. */
    List<JobView> list(JobState state, int offset, int limit);

    /** Stops workers from taking new jobs (running ones finish). Survives restart. */
    void pause();

    /** Lets workers take jobs again. */
    void resume();

    /** Whether the queue is paused. */
    boolean isPaused();

    /** Moves a failed job back to waiting with its attempts reset. */
    ControlResult retry(String id);

    /** Removes a job that is not active (and its logs). */
    ControlResult remove(String id);

    /**
     * Removes up to {@code limit} jobs in {@code state} older than {@code olderThan}: finished jobs by their
     * finish time, pending ones (waiting, prioritized, delayed, waiting-children) by their add time.
     *
     * @return the ids removed
     * @throws IllegalArgumentException for {@code active} (active jobs belong to their workers)
     */
    List<String> clean(JobState state, Duration olderThan, int limit);

    /** Makes a delayed job ready now; WRONG_STATE if it is not delayed. */
    ControlResult promote(String id);

    /**
     * Replaces a job's data; WRONG_STATE for completed or failed jobs (their data is the record of what ran).
     * An active job's running attempt keeps the data it started with.
     *
     * @throws BadPayloadException if {@code data} cannot be written as JSON
     */
    ControlResult updateData(String id, Object data);

    /**
     * Removes the queue with every job, log, its pause flag and the schedules that add to it. Refused (nothing
     * removed) while jobs are active unless {@code force}, which removes active jobs too.
     */
    ObliterateResult obliterate(boolean force);

    /** Sets or clears ({@code null}) this queue's rate limit for the workers of this process. */
    void rateLimit(RateLimit limit);
}
