package dev.crystal.jobs;

import java.time.Instant;

/**
 * A stored schedule and its progress. Immutable.
 *
 * @param id       schedule id
 * @param queue    target queue
 * @param jobName  job name
 * @param timing   timing as text ({@code cron <expr> <zone>} or {@code every <millis>ms})
 * @param catchUp  catch-up policy
 * @param nextSlot the next slot to fire
 * @param lastSlot the last slot fired, or {@code null}
 */
public record ScheduleView(String id, String queue, String jobName, String timing, CatchUp catchUp,
                           Instant nextSlot, Instant lastSlot) {
}
