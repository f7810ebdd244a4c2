package dev.crystal.settlement.storetest;

import dev.crystal.store.Database;

/**
 * Where a store test keeps its data: SQLite files in a temporary directory, or PostgreSQL schemas
 * with a random suffix. Closing it closes every database it opened and removes their data.
 *
 * <p>Thread ownership: the JUnit thread running the test.
 */
public interface StoreBackend extends AutoCloseable {
    /** Opens the database of {@code domain} (e.g. {@code "balance"}) with that domain's migrations. */
    Database open(String domain);

    @Override
    void close();

    static StoreBackend sqlite() {
        return new SqliteBackend();
    }

    static StoreBackend postgres() {
        return new PostgresBackend();
    }
}
