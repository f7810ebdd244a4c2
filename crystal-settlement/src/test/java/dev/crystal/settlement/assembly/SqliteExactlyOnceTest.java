package dev.crystal.settlement.assembly;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link ExactlyOnceContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteExactlyOnceTest extends ExactlyOnceContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
