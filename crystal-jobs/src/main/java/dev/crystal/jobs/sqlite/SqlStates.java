package dev.crystal.jobs.sqlite;

/**
 * SQL fragments shared by the statements that move jobs. Stateless.
 */
final class SqlStates {
    /** The ready state a row returns to, by its priority. */
    static final String READY_BY_PRIORITY = "(CASE WHEN priority > 0 THEN 'prioritized' ELSE 'waiting' END)";
    /** Must match the partial index {@code jobs_ready} word for word. */
    static final String IS_READY = "state IN ('waiting', 'prioritized')";

    private SqlStates() {
    }
}
