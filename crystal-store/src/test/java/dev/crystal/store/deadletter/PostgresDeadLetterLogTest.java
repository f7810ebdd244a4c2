package dev.crystal.store.deadletter;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresTestSchemas;
import java.util.List;

/**
 * {@link DeadLetterLogContract} on schemas {@code deadletters_<name>_<random>} of the local PostgreSQL
 * (127.0.0.1:5432, trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresDeadLetterLogTest extends DeadLetterLogContract {
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("deadletters");

    @Override
    protected Database open(String name) {
        return schemas.open(name, List.of(JdbcDeadLetterLog.MIGRATIONS));
    }

    @Override
    protected void dropAll() {
        schemas.dropAll();
    }
}
