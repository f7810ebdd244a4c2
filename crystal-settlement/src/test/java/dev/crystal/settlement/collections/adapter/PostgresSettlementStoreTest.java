package dev.crystal.settlement.collections.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link SettlementStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresSettlementStoreTest extends SettlementStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
