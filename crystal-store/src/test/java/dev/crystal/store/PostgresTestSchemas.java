package dev.crystal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases on schemas {@code <kind>_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432, trust auth,
 * database {@code test}; override with {@code crystal.test.postgres.url} / {@code .user}), closed and dropped by
 * {@link #dropAll()}. Opening the same name again reopens the same schema. Thread ownership: the JUnit thread.
 */
public final class PostgresTestSchemas {
    public static final PostgresSettings SETTINGS = PostgresSettings.of(
            System.getProperty("crystal.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
            System.getProperty("crystal.test.postgres.user", "postgres"), "");

    private final String kind;
    private final String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    private final List<Database> opened = new ArrayList<>();
    private final Set<String> schemas = new LinkedHashSet<>();

    public PostgresTestSchemas(String kind) {
        this.kind = kind;
    }

    /** Opens (creating and migrating if needed) the schema for {@code name}. */
    public Database open(String name, List<String> migrations) {
        String schema = kind + "_" + name + "_" + suffix;
        schemas.add(schema);
        Database db = PostgresDatabase.open(SETTINGS, schema, migrations);
        opened.add(db);
        return db;
    }

    /** Closes every database opened and drops its schema. */
    public void dropAll() {
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
