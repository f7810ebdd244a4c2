package dev.crystal.jobs;

/**
 * What a schedule does with the slots it missed while no scheduler ran (downtime).
 */
public enum CatchUp {
    /** One job for the most recent missed slot; older missed slots are skipped. The default. */
    LATEST,
    /** One job per missed slot, oldest first, at most {@link JobSchedules#MAX_CATCH_UP_SLOTS}; older ones skipped. */
    ALL
}
