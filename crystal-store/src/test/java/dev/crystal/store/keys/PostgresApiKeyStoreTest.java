package dev.crystal.store.keys;

import dev.crystal.store.Database;
import dev.crystal.store.PostgresDatabase;
import dev.crystal.store.PostgresSettings;
import dev.crystal.testsupport.PostgresTestSchemas;
import java.util.List;

/**
 * {@link ApiKeyStoreContract} on schemas {@code keys_<name>_<random>} of the local PostgreSQL (127.0.0.1:5432,
 * trust auth, database {@code test}), dropped after each test. Thread ownership: the JUnit thread.
 */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    private static final PostgresSettings SETTINGS = PostgresSettings.of(PostgresTestSchemas.URL,
            PostgresTestSchemas.USER, PostgresTestSchemas.PASSWORD);
    private final PostgresTestSchemas schemas = new PostgresTestSchemas("keys");

    @Override
    protected Database open(String name) {
        return schemas.open(name, schema -> PostgresDatabase.open(SETTINGS, schema, List.of(JdbcApiKeyStore.MIGRATIONS)));
    }

    @Override
    protected void dropAll() {
        schemas.dropAll();
    }
}
