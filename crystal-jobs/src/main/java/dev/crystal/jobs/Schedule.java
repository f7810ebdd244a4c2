package dev.crystal.jobs;

import java.util.Objects;

/**
 * A repeating job definition, upserted by id. Immutable.
 *
 * @param id       schedule id (stable across restarts; upserting the same id replaces the definition)
 * @param queue    queue the jobs go to
 * @param jobName  name of each job
 * @param data     payload of each job
 * @param options  options of each job (its job id is ignored: each job gets {@code schedule:<id>:<slot millis>})
 * @param timing   cron or interval
 * @param catchUp  what to do with slots missed during downtime
 */
public record Schedule(String id, String queue, String jobName, Object data, JobOptions options,
                       ScheduleTiming timing, CatchUp catchUp) {
    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(catchUp, "catchUp");
        if (id.isBlank() || id.contains(":")) {
            throw new IllegalArgumentException("schedule id must be non-blank and contain no ':' but was '" + id + "'");
        }
    }

    /** A schedule with default job options that catches up with the latest missed slot. */
    public static Schedule of(String id, String queue, String jobName, Object data, ScheduleTiming timing) {
        return new Schedule(id, queue, jobName, data, JobOptions.defaults(), timing, CatchUp.LATEST);
    }
}
