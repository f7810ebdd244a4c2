package dev.crystal.jobs;

/**
 * Something that happened to a job, delivered to {@link JobEvents} subscribers. Immutable.
 */
public sealed interface JobEvent {

    /** The job concerned. */
    JobRef job();

    /** A job completed. */
    record Completed(JobRef job, String returnValueJson, String correlationId) implements JobEvent {
    }

    /** An attempt failed; {@code retrying} tells whether another attempt is scheduled. */
    record Failed(JobRef job, String reason, boolean retrying, String correlationId) implements JobEvent {
    }

    /** A processor reported progress. */
    record Progress(JobRef job, String progressJson) implements JobEvent {
    }

    /** A job's lock expired while active; it moved to {@code movedTo} (ready again, or failed). */
    record Stalled(JobRef job, JobState movedTo) implements JobEvent {
    }
}
