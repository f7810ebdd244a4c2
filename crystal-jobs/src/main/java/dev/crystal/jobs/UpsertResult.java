package dev.crystal.jobs;

/**
 * The outcome of upserting a schedule.
 */
public enum UpsertResult {
    /** No schedule had this id; it was stored. */
    CREATED,
    /** The definition changed; a timing change restarts the slots from now. */
    UPDATED,
    /** The stored definition is identical; nothing changed. */
    UNCHANGED
}
