package dev.crystal.settlement.adjustments.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresAdjustmentStoreTest extends AdjustmentStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
