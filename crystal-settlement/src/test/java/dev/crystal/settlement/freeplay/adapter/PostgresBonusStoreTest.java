package dev.crystal.settlement.freeplay.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link BonusStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresBonusStoreTest extends BonusStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
