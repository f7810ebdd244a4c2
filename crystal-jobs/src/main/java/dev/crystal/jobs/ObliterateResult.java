package dev.crystal.jobs;

/**
 * The outcome of {@link JobQueue#obliterate(boolean)}: the queue is gone, or it was left alone because
 * workers hold some of its jobs. Immutable.
 */
public sealed interface ObliterateResult {

    /** The queue, its settings, schedules and every job (with logs) were removed. */
    record Obliterated(String queue, long jobsRemoved, int schedulesRemoved) implements ObliterateResult {
    }

    /** Nothing was removed: {@code active} jobs are running; obliterate with {@code force} to remove them too. */
    record ActiveJobs(String queue, long active) implements ObliterateResult {
    }
}
