package dev.crystal.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Schemas {@code <kind>_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432, trust auth, database
 * {@code test}; override with {@code crystal.test.postgres.url} / {@code .user}) for one test class, so that tests
 * running at the same time never share one; {@link #dropAll()} closes what was opened on them and drops them.
 * Opening the same name again reopens the same schema. Thread ownership: the JUnit thread.
 */
public final class PostgresTestSchemas {
    /** JDBC URL of the test database. */
    public static final String URL = System.getProperty("crystal.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    /** User of the test database. */
    public static final String USER = System.getProperty("crystal.test.postgres.user", "postgres");
    /** Password of the test database (trust authentication: none). */
    public static final String PASSWORD = "";

    private final String kind;
    private final String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Set<String> schemas = new LinkedHashSet<>();

    /** Schemas named after {@code kind} (e.g. {@code "deadletters"}). */
    public PostgresTestSchemas(String kind) {
        this.kind = kind;
    }

    /** The schema for {@code name}, dropped by {@link #dropAll()}. */
    public String schema(String name) {
        String schema = kind + "_" + name + "_" + suffix;
        schemas.add(schema);
        return schema;
    }

    /**
     * Opens something on the schema for {@code name} (e.g. {@code schema -> PostgresDatabase.open(settings, schema,
     * migrations)}) and closes it in {@link #dropAll()}, before the schema is dropped.
     */
    public <T extends AutoCloseable> T open(String name, Function<String, T> opener) {
        T resource = opener.apply(schema(name));
        opened.add(resource);
        return resource;
    }

    /** Closes everything opened and drops every schema handed out. */
    public void dropAll() {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + resource + " failed: " + e.getMessage(), e);
            }
        }
        opened.clear();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping test schemas " + schemas + " failed: " + e.getMessage(), e);
        }
    }
}
