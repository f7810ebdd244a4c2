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
     * Removes up to {@code limit} jobs in a finished state ({@code completed} or {@code failed}) that
     * finished more than {@code olderThan} ago.
     *
     * @return how many were removed
     */
    int clean(JobState state, Duration olderThan, int limit);

    /** Sets or clears ({@code null}) this queue's rate limit for the workers of this process. */
    void rateLimit(RateLimit limit);
}
