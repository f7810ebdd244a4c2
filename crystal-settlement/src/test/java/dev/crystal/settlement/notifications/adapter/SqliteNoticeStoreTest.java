package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

/** {@link NoticeStoreContract} on SQLite. Thread ownership: the JUnit thread. */
class SqliteNoticeStoreTest extends NoticeStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
