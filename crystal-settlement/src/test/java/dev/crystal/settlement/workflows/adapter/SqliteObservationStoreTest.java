package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link ObservationStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteObservationStoreTest extends ObservationStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
