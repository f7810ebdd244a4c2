package dev.crystal.settlement.freeplay.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresBonusStoreTest extends BonusStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
