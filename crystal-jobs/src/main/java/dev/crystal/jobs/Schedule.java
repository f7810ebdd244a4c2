package dev.crystal.jobs;

import java.time.Instant;
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
 * @param limit    most jobs the schedule adds over its life (0 for no limit); then it has ended
 * @param endDate  no slot after this instant fires ({@code null} for none); then it has ended
 */
public record Schedule(String id, String queue, String jobName, Object data, JobOptions options,
                       ScheduleTiming timing, CatchUp catchUp, int limit, Instant endDate) {
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
        if (limit < 0) {
            throw new IllegalArgumentException("schedule limit must be 0 (none) or positive but was " + limit);
        }
    }

    /** A schedule without limit or end date. */
    public Schedule(String id, String queue, String jobName, Object data, JobOptions options, ScheduleTiming timing,
                    CatchUp catchUp) {
        this(id, queue, jobName, data, options, timing, catchUp, 0, null);
    }

    /** A schedule with default job options that catches up with the latest missed slot. */
    public static Schedule of(String id, String queue, String jobName, Object data, ScheduleTiming timing) {
        return new Schedule(id, queue, jobName, data, JobOptions.defaults(), timing, CatchUp.LATEST);
    }

    /** This schedule, ending after {@code limit} jobs (0 for no limit). */
    public Schedule withLimit(int limit) {
        return new Schedule(id, queue, jobName, data, options, timing, catchUp, limit, endDate);
    }

    /** This schedule, firing no slot after {@code endDate} ({@code null} for none). */
    public Schedule withEndDate(Instant endDate) {
        return new Schedule(id, queue, jobName, data, options, timing, catchUp, limit, endDate);
    }
}
