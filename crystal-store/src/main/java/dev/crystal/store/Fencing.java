package dev.crystal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;

/**
 * Fencing tokens in a database: table {@code fencing_epochs(name, epoch)} holds, per single writer (a domain),
 * the newest lease epoch that has written. Every write transaction of a fenced database ends with a conditional
 * upsert of its writer's epoch ({@code … ON CONFLICT DO UPDATE … WHERE fencing_epochs.epoch <= excluded.epoch}):
 * it succeeds only for an epoch at least as new as the stored one, and it locks the row until the commit, so a
 * writer with an older epoch can never commit after a newer one has written. Stateless apart from its
 * configuration; called on the database's worker thread.
 */
final class Fencing {
    static final String TABLE = "fencing_epochs";

    private final String writer;
    private final LongSupplier epoch;
    private final String where;

    Fencing(String writer, LongSupplier epoch, String where) {
        this.writer = writer;
        this.epoch = epoch;
        this.where = where;
    }

    /** Creates the table if it is missing (two nodes may race to create it: the loser checks it exists). */
    static void createTable(Connection connection, String where) {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (name TEXT PRIMARY KEY, epoch BIGINT NOT NULL)");
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                    rs.next();
                }
                connection.rollback();
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw new StoreException("cannot create " + TABLE + " in " + where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Inside the transaction about to commit: records this writer's epoch, or throws {@link StaleEpochException}
     * (the caller rolls back) when the writer holds no epoch or the store has seen a newer one.
     */
    void check(Connection connection) throws SQLException {
        long mine = epoch.getAsLong();
        if (mine < 1) {
            throw new StaleEpochException(writer, mine, -1, where);
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + TABLE + " (name, epoch) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET epoch = excluded.epoch WHERE " + TABLE + ".epoch <= excluded.epoch")) {
            s.setString(1, writer);
            s.setLong(2, mine);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        throw new StaleEpochException(writer, mine, stored(connection, writer), where);
    }

    /** The newest epoch {@code writer} has written with, 0 if none. */
    static long stored(Connection connection, String writer) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT epoch FROM " + TABLE + " WHERE name = ?")) {
            s.setString(1, writer);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    String writer() {
        return writer;
    }
}
