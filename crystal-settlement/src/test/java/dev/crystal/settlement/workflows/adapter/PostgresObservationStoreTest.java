package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresObservationStoreTest extends ObservationStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
