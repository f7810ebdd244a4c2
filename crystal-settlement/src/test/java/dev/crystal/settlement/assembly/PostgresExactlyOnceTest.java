package dev.crystal.settlement.assembly;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link ExactlyOnceContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresExactlyOnceTest extends ExactlyOnceContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
