package dev.crystal.store.keys;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresTestSchemas;
import java.util.List;

/**
 * {@link ApiKeyStoreContract} on schemas {@code keys_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432,
 * trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("keys");

    @Override
    protected Database open(String name) {
        return schemas.open(name, List.of(JdbcApiKeyStore.MIGRATIONS));
    }

    @Override
    protected void dropAll() {
        schemas.dropAll();
    }
}
