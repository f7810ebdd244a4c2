package dev.crystal.store.inbox;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresTestSchemas;

/**
 * {@link InboxWorkerContract} on schemas {@code inbox_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432,
 * trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresInboxWorkerTest extends InboxWorkerContract {
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("inbox");

    @Override
    protected Database open(String name) {
        return schemas.open(name, CounterWorker.MIGRATIONS);
    }

    @Override
    protected void dropAll() {
        schemas.dropAll();
    }
}
