package dev.crystal.settlement.adjustments.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteAdjustmentStoreTest extends AdjustmentStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
