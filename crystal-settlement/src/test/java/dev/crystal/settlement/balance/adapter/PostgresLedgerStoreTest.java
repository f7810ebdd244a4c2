package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
