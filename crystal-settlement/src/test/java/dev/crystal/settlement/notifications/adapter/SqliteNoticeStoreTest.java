package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.storetest.StoreBackend;

class SqliteNoticeStoreTest extends NoticeStoreContract {
    @Override
    protected StoreBackend backend() {
        return StoreBackend.sqlite();
    }
}
