package dev.crystal.jobs;

/**
 * The outcome of adding one job: added, already there (same id and same data), or an id conflict
 * (same id, other data). A value, not an exception. Immutable.
 */
public sealed interface AddResult {

    /** The job id the outcome is about. */
    String id();

    /** Whether the store now holds the job as asked (added now or earlier with the same data). */
    default boolean accepted() {
        return !(this instanceof IdConflict);
    }

    /** A new job was stored in {@code state}. */
    record Added(String id, JobState state) implements AddResult {
    }

    /** A job with this id and the same data already exists; nothing was added. */
    record AlreadyExists(String id, JobState state) implements AddResult {
    }

    /** A job with this id exists with other data; nothing was added. */
    record IdConflict(String id, String reason) implements AddResult {
    }
}
