package dev.crystal.settlement.collections.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresSettlementStoreTest extends SettlementStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
