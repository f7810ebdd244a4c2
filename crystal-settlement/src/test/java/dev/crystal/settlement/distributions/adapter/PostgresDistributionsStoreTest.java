package dev.crystal.settlement.distributions.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class PostgresDistributionsStoreTest extends DistributionsStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
