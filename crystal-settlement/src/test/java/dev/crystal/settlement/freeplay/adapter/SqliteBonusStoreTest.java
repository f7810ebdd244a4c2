package dev.crystal.settlement.freeplay.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link BonusStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteBonusStoreTest extends BonusStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
