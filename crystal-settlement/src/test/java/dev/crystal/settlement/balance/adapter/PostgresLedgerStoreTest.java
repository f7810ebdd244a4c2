package dev.crystal.settlement.balance.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link LedgerStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
