package dev.crystal.jobs.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQLite connection with its prepared statements cached by SQL text. Owned by one thread at a time
 * (the writer thread, or the reader that borrowed it).
 */
final class SqliteSession implements AutoCloseable {
    private final Connection connection;
    private final boolean explicitTransactions;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    /** A session whose transactions the JDBC driver opens (a new one right after each commit). */
    SqliteSession(Connection connection) {
        this(connection, false);
    }

    /**
     * @param explicitTransactions true for an auto-commit connection whose transactions this session opens
     *                             with {@link #begin()}, so settings can change between them
     */
    SqliteSession(Connection connection, boolean explicitTransactions) {
        this.connection = connection;
        this.explicitTransactions = explicitTransactions;
    }

    /** Opens a write transaction (explicit sessions only; driver-managed sessions are always in one). */
    void begin() throws SQLException {
        if (explicitTransactions) {
            prepare("BEGIN IMMEDIATE").execute();
        }
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        statement.clearParameters();
        return statement;
    }

    Connection connection() {
        return connection;
    }

    void commit() throws SQLException {
        if (explicitTransactions) {
            prepare("COMMIT").execute();
        } else {
            connection.commit();
        }
    }

    void rollback() {
        try {
            if (explicitTransactions) {
                prepare("ROLLBACK").execute();
            } else {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // no transaction was open, or the connection is unusable and the next begin reports it
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
