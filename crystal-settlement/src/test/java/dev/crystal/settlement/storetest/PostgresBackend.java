package dev.crystal.settlement.storetest;

import dev.crystal.settlement.assembly.SettlementAssembly;
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
 * Schemas {@code <domain>_<random>} in the local PostgreSQL, migrated from {@code db/<domain>} and,
 * where it exists, {@code db/postgres/<domain>} ({@code crystal.test.postgres.url},
 * default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code crystal.test.postgres.user},
 * default {@code postgres}), dropped with CASCADE on close. Thread ownership: the test's thread.
 */
final class PostgresBackend implements StoreBackend {
    static final PostgresSettings SETTINGS = PostgresSettings.of(
            System.getProperty("crystal.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
            System.getProperty("crystal.test.postgres.user", "postgres"),
            System.getProperty("crystal.test.postgres.password", ""));

    private final String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    private final List<Database> opened = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    @Override
    public Database open(String domain) {
        String schema = domain + "_" + suffix;
        schemas.add(schema);
        List<String> locations = new ArrayList<>(List.of("classpath:db/" + domain));
        if (PostgresBackend.class.getResource("/db/postgres/" + domain) != null) {
            locations.add("classpath:db/postgres/" + domain);
        }
        Database db = PostgresDatabase.open(SETTINGS, schema, SettlementAssembly.withInbox(locations));
        opened.add(db);
        return db;
    }

    @Override
    public void close() {
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
