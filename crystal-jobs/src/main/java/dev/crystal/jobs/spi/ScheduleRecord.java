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
 */
public record ScheduleRecord(String id, String queue, String jobName, String timing, String template,
                             CatchUp catchUp, Instant nextSlot, Instant lastSlot) {
    public ScheduleRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(nextSlot, "nextSlot");
    }
}
