package dev.crystal.settlement.distributions.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link DistributionsStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteDistributionsStoreTest extends DistributionsStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
