package dev.crystal.store.deadletter;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link DeadLetterLogContract} on schemas {@code deadletters_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432,
 * trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresDeadLetterLogTest extends DeadLetterLogContract {
    private static final PostgresSettings SETTINGS = PostgresSettings.of(
            System.getProperty("crystal.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
            System.getProperty("crystal.test.postgres.user", "postgres"), "");

    private final String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    private final List<Database> opened = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    @Override
    protected Database open(String name) {
        String schema = "deadletters_" + name + "_" + suffix;
        schemas.add(schema);
        Database db = PostgresDatabase.open(SETTINGS, schema, List.of(JdbcDeadLetterLog.MIGRATIONS));
        opened.add(db);
        return db;
    }

    @Override
    protected void dropAll() {
        opened.forEach(Database::close);
        try (Connection c = DriverManager.getConnection(SETTINGS.url(), SETTINGS.user(), SETTINGS.password());
             Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping test schemas " + schemas + " failed: " + e.getMessage(), e);
        }
    }
}
