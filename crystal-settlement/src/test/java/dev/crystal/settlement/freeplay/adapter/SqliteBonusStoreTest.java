package dev.crystal.settlement.freeplay.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteBonusStoreTest extends BonusStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
