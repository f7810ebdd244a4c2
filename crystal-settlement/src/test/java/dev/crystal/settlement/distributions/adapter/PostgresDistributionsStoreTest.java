package dev.crystal.settlement.distributions.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link DistributionsStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresDistributionsStoreTest extends DistributionsStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
