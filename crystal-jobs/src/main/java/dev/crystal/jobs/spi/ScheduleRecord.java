package dev.crystal.jobs.spi;

import dev.crystal.jobs.CatchUp;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored schedule. The store keeps the timing and job template as opaque text. Immutable.
 *
 * @param id          schedule id
 * @param queue       target queue
 * @param jobName     job name
 * @param timing      timing in its stored text form
 * @param template    job template (data and options) in its stored text form
 * @param catchUp     catch-up policy
 * @param nextSlot    next slot to fire
 * @param lastSlot    last slot fired, or {@code null}
 * @param paused      whether firing is paused (a paused schedule is never due)
 * @param runs        jobs added by firing so far (counted by {@link ScheduleStore#fire})
 */
public record ScheduleRecord(String id, String queue, String jobName, String timing, String template,
                             CatchUp catchUp, Instant nextSlot, Instant lastSlot, boolean paused, long runs) {
    public ScheduleRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(nextSlot, "nextSlot");
    }

    /** A new schedule: not paused, no runs yet. */
    public ScheduleRecord(String id, String queue, String jobName, String timing, String template, CatchUp catchUp,
                          Instant nextSlot, Instant lastSlot) {
        this(id, queue, jobName, timing, template, catchUp, nextSlot, lastSlot, false, 0);
    }
}
