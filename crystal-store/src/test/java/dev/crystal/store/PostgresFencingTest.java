package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing contract on the local PostgreSQL: two "nodes" (two pools) write one schema, each with the lease epoch it
 * was granted; once a newer epoch has written, every write transaction of an older one is refused and rolled back,
 * whether it is a transaction of its own or a unit of work (a worker's batch) that was already open.
 */
class PostgresFencingTest {
    private static final String URL = PostgresDatabaseTest.URL;
    private static final String USER = PostgresDatabaseTest.USER;

    private final String schema = "fencetest_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private PostgresDatabase open() {
        return PostgresDatabase.open(PostgresSettings.of(URL, USER, ""), schema, List.of("classpath:db/storetest"));
    }

    private static void insert(Database db, String name, int value) {
        db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO items VALUES ('" + name + "', " + value + ")"));
    }

    private static List<String> names(Database db) {
        return db.read(c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM items ORDER BY id")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    @Test
    void aWriteWithAnOlderEpochIsRefusedAndRolledBack() {
        AtomicLong epochA = new AtomicLong(1);
        AtomicLong epochB = new AtomicLong(0);
        try (PostgresDatabase a = open(); PostgresDatabase b = open()) {
            a.fence("balance", epochA::get);
            b.fence("balance", epochB::get);

            insert(a, "a1", 1);
            assertThat(a.storedEpoch("balance")).isEqualTo(1);

            // b does not hold the lease: refused before anything is compared
            assertThatThrownBy(() -> insert(b, "b0", 0)).isInstanceOf(StaleEpochException.class)
                    .hasMessageContaining("does not hold the lease of balance");

            // b takes the lease (epoch 2) and claims it with an empty write transaction
            epochB.set(2);
            b.inTransaction(c -> null);
            assertThat(b.storedEpoch("balance")).isEqualTo(2);

            // a still believes it holds epoch 1: refused, nothing written
            assertThatThrownBy(() -> insert(a, "a2", 2)).isInstanceOf(StaleEpochException.class)
                    .hasMessageContaining("lease epoch 1 of balance is stale, the store has seen epoch 2")
                    .satisfies(e -> assertThat(((StaleEpochException) e).stored()).isEqualTo(2));
            insert(b, "b1", 3);
            assertThat(names(b)).containsExactly("a1", "b1");

            // a read is never refused (it commits nothing)
            assertThat(names(a)).containsExactly("a1", "b1");

            // a newer grant lets a write again, and fences b out
            epochA.set(3);
            insert(a, "a3", 4);
            assertThatThrownBy(() -> insert(b, "b2", 5)).isInstanceOf(StaleEpochException.class);
            assertThat(names(a)).containsExactly("a1", "a3", "b1");
        }
    }

    @Test
    void aBatchOpenWhenAnotherNodeTookTheLeaseIsRefusedAtCommit() throws Exception {
        AtomicLong epochA = new AtomicLong(5);
        AtomicLong epochB = new AtomicLong(0);
        try (PostgresDatabase a = open(); PostgresDatabase b = open()) {
            a.fence("collections", epochA::get);
            b.fence("collections", epochB::get);
            insert(a, "before", 1);

            UnitOfWork batch = a.begin();
            insert(a, "paused-1", 2);
            insert(a, "paused-2", 3);
            // meanwhile (a is paused past its lease) b is granted epoch 6 and claims it
            epochB.set(6);
            Thread taker = Thread.ofPlatform().start(() -> b.inTransaction(c -> null));
            taker.join(10_000);
            assertThat(taker.isAlive()).isFalse();

            assertThatThrownBy(batch::commit).isInstanceOf(StaleEpochException.class)
                    .hasMessageContaining("epoch 5 of collections is stale, the store has seen epoch 6");
            batch.close();
            assertThat(names(b)).containsExactly("before");

            // a unit that only read commits (nothing to fence), even with the stale epoch
            try (UnitOfWork readOnly = a.begin()) {
                names(a);
                readOnly.commit();
            }
        }
    }

    @Test
    void aWriterPausedInsideItsBatchDoesNotHoldItsRowLocksPastTheIdleTimeout() throws Exception {
        AtomicLong epochA = new AtomicLong(1);
        AtomicLong epochB = new AtomicLong(0);
        try (PostgresDatabase a = open(); PostgresDatabase b = open()) {
            a.fence("balance", epochA::get);
            b.fence("balance", epochB::get);
            insert(a, "house", 0);

            UnitOfWork paused = a.begin();
            a.inTransaction(c -> c.createStatement().executeUpdate("UPDATE items SET qty = 1 WHERE id = 'house'"));
            // a now sits idle in its batch holding the row lock, as a SIGSTOPped holder does; b takes the lease
            epochB.set(2);
            long started = System.nanoTime();
            b.inTransaction(c -> c.createStatement().executeUpdate("UPDATE items SET qty = 2 WHERE id = 'house'"));
            long waitedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(waitedMs).as("b waited for a's lock, until PostgreSQL ended a's idle session")
                    .isGreaterThanOrEqualTo(PostgresDatabase.IDLE_IN_TRANSACTION_TIMEOUT.toMillis() - 1_000);
            assertThatThrownBy(paused::commit).isInstanceOf(StoreException.class);
            paused.close();
            Integer house = b.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT qty FROM items WHERE id = 'house'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(house).isEqualTo(2);
        }
    }

    @Test
    void sqliteIsNotFenced() {
        try (SqliteDatabase db = SqliteDatabase.open(Path.of(System.getProperty("java.io.tmpdir"),
                schema + ".db"), List.of("classpath:db/storetest"))) {
            assertThatThrownBy(() -> db.fence("balance", () -> 1)).isInstanceOf(UnsupportedOperationException.class);
        } finally {
            new File(System.getProperty("java.io.tmpdir"), schema + ".db").delete();
        }
    }
}
