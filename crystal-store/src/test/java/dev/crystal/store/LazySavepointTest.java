package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite unit of work sets a step's savepoint only before its first write, with the effects of one per call. */
class LazySavepointTest {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private CachingSqliteConnection connection;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("lazy.db"), "classpath:db/storetest");
        connection = db.read(c -> (CachingSqliteConnection) c);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aStepThatOnlyReadsSetsNoSavepoint() throws Exception {
        try (UnitOfWork unit = db.begin()) {
            long before = connection.savepointsSet();
            unit.step(() -> ids());
            unit.step(() -> ids());
            assertThat(connection.savepointsSet() - before).isZero();
            unit.step(() -> insert("a", 1));
            assertThat(connection.savepointsSet() - before).as("the step's, which the write also uses").isEqualTo(1);
            unit.commit();
        }
        assertThat(ids()).containsExactly("a");
    }

    @Test
    void aFailedWriteThatTheStoreCatchesUndoesOnlyItselfWhetherFirstOrNot() throws Exception {
        try (UnitOfWork unit = db.begin()) {
            unit.step(() -> {
                assertThatThrownBy(() -> insertThenFail("first-half")).hasMessageContaining("half done");
                insert("a", 1);
                assertThatThrownBy(() -> insertThenFail("second-half")).hasMessageContaining("half done");
                insert("b", 2);
                return null;
            });
            unit.commit();
        }
        assertThat(ids()).containsExactly("a", "b");
    }

    @Test
    void aStepThatThrowsRollsBackAllItsWritesAndOnlyThem() throws Exception {
        try (UnitOfWork unit = db.begin()) {
            unit.step(() -> insert("kept", 1));
            assertThatThrownBy(() -> unit.step(() -> {
                insert("lost-1", 2);
                insert("lost-2", 3);
                throw new IllegalStateException("refused");
            })).hasMessage("refused");
            assertThatThrownBy(() -> unit.step(() -> {
                ids(); // reads only: nothing to undo, no savepoint
                throw new IllegalStateException("refused too");
            })).hasMessage("refused too");
            unit.step(() -> unit.step(() -> insert("nested", 4)));
            unit.commit();
        }
        assertThat(ids()).containsExactly("kept", "nested");
    }

    private int insert(String id, int qty) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, qty) VALUES (?, ?)")) {
                ps.setString(1, id);
                ps.setInt(2, qty);
                return ps.executeUpdate();
            }
        });
    }

    private void insertThenFail(String id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, qty) VALUES (?, ?)")) {
                ps.setString(1, id);
                ps.setInt(2, 9);
                ps.executeUpdate();
            }
            throw new SQLException("half done: " + id);
        });
    }

    private List<String> ids() {
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
}
