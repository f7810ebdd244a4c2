package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingSqliteConnectionTest {
    private static final String INSERT = "INSERT INTO items (id, qty) VALUES (?, ?)";
    private static final String COUNT = "SELECT COUNT(*) FROM items WHERE qty >= ?";

    @TempDir
    Path dir;

    private SqliteDatabase open(String name) {
        return SqliteDatabase.open(dir.resolve(name), "classpath:db/storetest");
    }

    private static CachingSqliteConnection connection(SqliteDatabase db) {
        return db.read(c -> (CachingSqliteConnection) c);
    }

    @Test
    void aSecondPrepareOfTheSameSqlReusesTheStatementWithFreshParameters() {
        try (SqliteDatabase db = open("reuse.db")) {
            CachingSqliteConnection connection = connection(db);
            long before = connection.prepared();
            PreparedStatement first = db.inTransaction(c -> insert(c, "a", 1));
            PreparedStatement second = db.inTransaction(c -> insert(c, "b", 2));

            assertThat(second).isSameAs(first);
            assertThat(connection.prepared() - before).isEqualTo(1);
            assertThat(count(db, 0)).isEqualTo(2);
            assertThat(count(db, 2)).isEqualTo(1); // the second query bound its own parameter
            assertThat(isClosed(first)).isFalse(); // closed by try-with-resources: back in the cache, not finalised
        }
    }

    @Test
    void aStatementStillInUseIsNotHandedOutTwice() {
        try (SqliteDatabase db = open("nested.db")) {
            db.inTransaction(c -> insert(c, "a", 1));
            CachingSqliteConnection connection = connection(db);
            db.read(c -> {
                try (PreparedStatement outer = c.prepareStatement(COUNT)) {
                    outer.setInt(1, 0);
                    try (ResultSet rs = outer.executeQuery();
                         PreparedStatement inner = c.prepareStatement(COUNT)) {
                        assertThat(inner).isNotSameAs(outer);
                        inner.setInt(1, 5);
                        try (ResultSet innerRows = inner.executeQuery()) {
                            innerRows.next();
                            assertThat(innerRows.getInt(1)).isZero();
                        }
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(1); // the outer result set was not reset by the inner use
                    }
                    return null;
                }
            });
            long prepared = connection.prepared();
            assertThat(count(db, 0)).isEqualTo(1);
            assertThat(connection.prepared()).isEqualTo(prepared); // the cached one is free again
        }
    }

    @Test
    void closingTheDatabaseFinalisesTheCachedStatements() {
        SqliteDatabase db = open("close.db");
        PreparedStatement cached = db.inTransaction(c -> insert(c, "a", 1));
        assertThat(isClosed(cached)).isFalse();

        db.close();

        assertThat(isClosed(cached)).isTrue();
    }

    @Test
    void savepointsNestAndRollBackLikeTheDriversOwn() {
        try (SqliteDatabase db = open("savepoints.db")) {
            db.inTransaction(c -> {
                insert(c, "kept", 1);
                Savepoint outer = c.setSavepoint();
                insert(c, "outer", 2);
                Savepoint inner = c.setSavepoint();
                insert(c, "inner", 3);
                c.rollback(inner); // undoes "inner" only, inner stays open
                insert(c, "after-rollback", 4);
                c.releaseSavepoint(inner);
                c.rollback(outer); // undoes "outer" and "after-rollback"
                c.releaseSavepoint(outer);
                Savepoint again = c.setSavepoint();
                insert(c, "released", 5);
                c.releaseSavepoint(again);
                assertThatThrownBy(() -> c.releaseSavepoint(again)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("not open");
                return null;
            });
            assertThat(ids(db)).containsExactly("kept", "released");
        }
    }

    @Test
    void relaxedDurabilityIsSynchronousNormalAndFullIsTheDefault() {
        try (SqliteDatabase relaxed = SqliteDatabase.open(dir.resolve("relaxed.db"), List.of("classpath:db/storetest"),
                Durability.RELAXED);
             SqliteDatabase full = open("full.db")) {
            assertThat(relaxed.pragma("synchronous")).isEqualTo("1"); // NORMAL
            assertThat(relaxed.pragma("journal_mode")).isEqualTo("wal");
            assertThat(full.pragma("synchronous")).isEqualTo("2"); // FULL
        }
    }

    private static PreparedStatement insert(Connection c, String id, int qty) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, id);
            ps.setInt(2, qty);
            ps.executeUpdate();
            return ps;
        }
    }

    private static int count(SqliteDatabase db, int minQty) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setInt(1, minQty);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static List<String> ids(SqliteDatabase db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM items ORDER BY qty");
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
