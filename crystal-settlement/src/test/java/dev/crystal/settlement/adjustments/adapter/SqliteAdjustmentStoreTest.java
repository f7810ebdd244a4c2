package dev.crystal.settlement.adjustments.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link AdjustmentStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteAdjustmentStoreTest extends AdjustmentStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
