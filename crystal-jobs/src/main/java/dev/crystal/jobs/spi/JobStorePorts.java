package dev.crystal.jobs.spi;

import java.util.Objects;

/**
 * The narrow ports of one job store, as one value: a store builds its parts once and hands them out through
 * {@link JobStore#ports()}, so each store states its ports in one place. Immutable.
 *
 * @param appender  adds jobs
 * @param claimer   hands due jobs to workers
 * @param reporter  records progress and outcomes
 * @param stalls    finds and reclaims stalled jobs
 * @param inspector reads queues and jobs
 * @param control   pauses, cleans and obliterates queues
 * @param schedules repeatable schedules
 * @param eventLog  the queue event log
 */
public record JobStorePorts(JobAppender appender, JobClaimer claimer, JobReporter reporter, StallSweeper stalls,
                            JobInspector inspector, QueueControl control, ScheduleStore schedules,
                            JobEventLog eventLog) {
    /** Every port is required. */
    public JobStorePorts {
        Objects.requireNonNull(appender, "appender");
        Objects.requireNonNull(claimer, "claimer");
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(stalls, "stalls");
        Objects.requireNonNull(inspector, "inspector");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(eventLog, "eventLog");
    }
}
