package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link NoticeStoreContract} on PostgreSQL. Thread ownership: the JUnit thread. */
class PostgresNoticeStoreTest extends NoticeStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.postgres();
    }
}
