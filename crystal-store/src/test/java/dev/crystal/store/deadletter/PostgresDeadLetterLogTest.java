package dev.crystal.store.deadletter;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import dev.crystal.testsupport.PostgresTestSchemas;
import java.util.List;

/**
 * {@link JdbcDeadLetterLogContract} on schemas {@code deadletters_<name>_<random>} of the local PostgreSQL
 * (127.0.0.1:5432, trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresDeadLetterLogTest extends JdbcDeadLetterLogContract {
    private static final PostgresSettings SETTINGS = PostgresSettings.of(PostgresTestSchemas.URL,
            PostgresTestSchemas.USER, PostgresTestSchemas.PASSWORD);
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("deadletters");

    @Override
    protected Database database(String name) {
        // closed by the contract (on reopen and after each test) before the schemas are dropped
        return PostgresDatabase.open(SETTINGS, schemas.schema(name), List.of(JdbcDeadLetterLog.MIGRATIONS));
    }

    @Override
    protected void removeAll() {
        schemas.dropAll();
    }
}
