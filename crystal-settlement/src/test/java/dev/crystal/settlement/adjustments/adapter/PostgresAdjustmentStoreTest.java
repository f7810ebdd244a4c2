package dev.crystal.settlement.adjustments.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link AdjustmentStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresAdjustmentStoreTest extends AdjustmentStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
