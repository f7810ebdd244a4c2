package dev.crystal.jobs.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to one database file with the durability settings (WAL, synchronous=FULL).
 * Immutable.
 */
final class SqliteConnections {
    private final String url;

    SqliteConnections(Path file) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    String url() {
        return url;
    }

    /** The writer leaves checkpoints to {@link SqliteCheckpointer}. */
    SqliteSession openWriter() throws SQLException {
        Connection connection = config(SQLiteConfig.TransactionMode.IMMEDIATE).createConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint=0");
        }
        return new SqliteSession(connection, true);
    }

    SqliteSession openReader() throws SQLException {
        return open(SQLiteConfig.TransactionMode.DEFERRED);
    }

    /** A read-only connection (another process's view of the file: no write lock, no migration). */
    SqliteSession openReadOnly() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        return open(config);
    }

    /** An auto-commit connection for checkpoints (a checkpoint cannot run inside a transaction). */
    SqliteSession openCheckpointer() throws SQLException {
        SqliteSession session = open(SQLiteConfig.TransactionMode.DEFERRED);
        session.connection().setAutoCommit(true);
        return session;
    }

    private SqliteSession open(SQLiteConfig.TransactionMode mode) throws SQLException {
        return open(config(mode));
    }

    private SqliteSession open(SQLiteConfig config) throws SQLException {
        Connection connection = config.createConnection(url);
        connection.setAutoCommit(false);
        return new SqliteSession(connection);
    }

    private static SQLiteConfig config(SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(mode);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_000);
        return config;
    }
}
