package dev.crystal.settlement.workflows.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteObservationStoreTest extends ObservationStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
