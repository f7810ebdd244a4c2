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
 * @param nextSlot the next slot to fire, or {@code null} once the schedule has ended
 * @param lastSlot the last slot fired, or {@code null}
 * @param paused   whether firing is paused
 * @param runs     jobs the schedule has added by firing (manual triggers not counted)
 * @param limit    most jobs it adds over its life, 0 for no limit
 * @param endDate  no slot after this fires, or {@code null}
 * @param ended    whether it will never fire again (limit reached or end date passed)
 */
public record ScheduleView(String id, String queue, String jobName, String timing, CatchUp catchUp,
                           Instant nextSlot, Instant lastSlot, boolean paused, long runs, int limit,
                           Instant endDate, boolean ended) {
}
