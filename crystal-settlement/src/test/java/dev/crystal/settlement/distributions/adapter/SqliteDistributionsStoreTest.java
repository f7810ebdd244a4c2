package dev.crystal.settlement.distributions.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteDistributionsStoreTest extends DistributionsStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
