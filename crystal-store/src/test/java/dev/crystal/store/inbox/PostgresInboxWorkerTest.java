package dev.crystal.store.inbox;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import dev.crystal.testsupport.PostgresTestSchemas;

/**
 * {@link InboxWorkerContract} on schemas {@code inbox_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432,
 * trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresInboxWorkerTest extends InboxWorkerContract {
    private static final PostgresSettings SETTINGS = PostgresSettings.of(PostgresTestSchemas.URL,
            PostgresTestSchemas.USER, PostgresTestSchemas.PASSWORD);
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("inbox");

    @Override
    protected Database open(String name) {
        return schemas.open(name, schema -> PostgresDatabase.open(SETTINGS, schema, CounterWorker.MIGRATIONS));
    }

    @Override
    protected void dropAll() {
        schemas.dropAll();
    }
}
