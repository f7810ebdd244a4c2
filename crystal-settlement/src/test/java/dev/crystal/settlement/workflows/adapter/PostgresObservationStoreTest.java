package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link ObservationStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresObservationStoreTest extends ObservationStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
