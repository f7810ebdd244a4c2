package dev.crystal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs against the local PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}). */
class PostgresDatabaseTest {
    static final String URL = System.getProperty("crystal.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("crystal.test.postgres.user", "postgres");

    private final String schema = "storetest_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void migratesItsOwnSchemaCommitsAndRollsBack() {
        try (PostgresDatabase db = PostgresDatabase.open(PostgresSettings.of(URL, USER, ""), schema, List.of("classpath:db/storetest"))) {
            db.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO items VALUES ('kept', 1)"));
            assertThatThrownBy(() -> db.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO items VALUES ('lost', 2)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            int count = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + schema + ".items")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(count).isEqualTo(1);
        }
    }

    @Test
    void unreachableServerFailsFastNamingTheUrl() {
        String nowhere = "jdbc:postgresql://127.0.0.1:1/test";
        assertThatThrownBy(() -> PostgresDatabase.open(PostgresSettings.of(nowhere, USER, ""), schema, List.of("classpath:db/storetest")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(nowhere);
    }

    @Test
    void settingsRejectANonPostgresUrl() {
        assertThatThrownBy(() -> PostgresSettings.of("jdbc:sqlite:x.db", USER, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
