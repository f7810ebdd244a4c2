package dev.crystal.jobs.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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

    SqliteSession openWriter() throws SQLException {
        return open(SQLiteConfig.TransactionMode.IMMEDIATE);
    }

    SqliteSession openReader() throws SQLException {
        return open(SQLiteConfig.TransactionMode.DEFERRED);
    }

    private SqliteSession open(SQLiteConfig.TransactionMode mode) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(mode);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_000);
        Connection connection = config.createConnection(url);
        connection.setAutoCommit(false);
        return new SqliteSession(connection);
    }
}
