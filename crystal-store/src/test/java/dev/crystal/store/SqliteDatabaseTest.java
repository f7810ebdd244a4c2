package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void opensWithWalAndFullSyncAndMigratesSchema() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("a.db"), "classpath:db/storetest")) {
            assertThat(db.pragma("journal_mode")).isEqualTo("wal");
            assertThat(db.pragma("synchronous")).isEqualTo("2"); // FULL
            assertThat(db.pragma("foreign_keys")).isEqualTo("1");
            db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO items VALUES ('a', 1)"));
        }
    }

    @Test
    void committedDataSurvivesReopenAndFailedTransactionRollsBack() {
        Path file = dir.resolve("b.db");
        try (SqliteDatabase db = SqliteDatabase.open(file, "classpath:db/storetest")) {
            db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO items VALUES ('kept', 1)"));
            assertThatThrownBy(() -> db.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO items VALUES ('lost', 2)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
        }
        try (SqliteDatabase db = SqliteDatabase.open(file, "classpath:db/storetest")) {
            int count = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM items")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(count).isEqualTo(1);
        }
    }

    @Test
    void missingMigrationLocationIsAClearError() {
        assertThatThrownBy(() -> SqliteDatabase.open(dir.resolve("c.db"), "classpath:db/nowhere"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("db/nowhere");
    }
}
