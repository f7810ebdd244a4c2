package dev.crystal.jobs;

/**
 * The outcome of a retry or remove: done, no such job, or the job is in a state that does not allow it.
 */
public enum ControlResult {
    /** Done. */
    DONE,
    /** No job with that id in the queue. */
    NOT_FOUND,
    /** The job's state does not allow the operation (for example removing an active job). */
    WRONG_STATE
}
