package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link LedgerStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
