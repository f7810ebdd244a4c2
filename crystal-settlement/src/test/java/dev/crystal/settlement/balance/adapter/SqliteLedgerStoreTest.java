package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
