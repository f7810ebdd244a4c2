package dev.crystal.jobs.sqlite;

import java.sql.SQLException;

/**
 * A unit of database work run inside a transaction the caller owns. Must only touch the database, so it
 * can run again after a rollback.
 */
@FunctionalInterface
interface SqliteWork<T> {
    T run(SqliteSession session) throws SQLException;
}
