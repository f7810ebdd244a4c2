package dev.crystal.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Commit-or-rollback around one unit of work; stateless, called on the caller's thread. */
final class Transactions {
    private Transactions() {
    }

    /** Runs {@code work} on {@code connection} (auto-commit off) and commits, or rolls back and rethrows. */
    static <T> T run(Connection connection, SqlWork<T> work, String where) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("transaction on " + where + " failed: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
