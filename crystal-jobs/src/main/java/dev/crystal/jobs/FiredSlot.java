package dev.crystal.jobs;

import java.time.Instant;

/**
 * One schedule slot that produced a job. Immutable.
 *
 * @param scheduleId the schedule
 * @param slot       the slot time
 * @param job        the job added for it
 */
public record FiredSlot(String scheduleId, Instant slot, JobRef job) {
}
