package dev.crystal.settlement.collections.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link SettlementStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteSettlementStoreTest extends SettlementStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
