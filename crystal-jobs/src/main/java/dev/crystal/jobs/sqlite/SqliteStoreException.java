package dev.crystal.jobs.sqlite;

/**
 * A database failure of the SQLite job store (I/O error, corrupt file, closed store).
 */
public final class SqliteStoreException extends RuntimeException {
    SqliteStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
