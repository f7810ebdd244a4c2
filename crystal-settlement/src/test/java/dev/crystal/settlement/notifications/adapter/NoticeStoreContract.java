package dev.crystal.settlement.notifications.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeStore;
import dev.crystal.settlement.storetest.StoreContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NoticeStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class NoticeStoreContract extends StoreContract {
    private NoticeStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcNoticeStore(database("notifications"));
    }

    private static Notice notice(String id, String recipient) {
        return new Notice(id, recipient, "customer", "settlement", "ref-" + id, "email", "pending", "text " + id,
                "2025-01-26T15:30:00Z");
    }

    @Test
    void aNoticeIsRecordedOnceAndListedNewestFirst() {
        assertThat(store.insertPending(notice("n1", "C1"))).isTrue();
        assertThat(store.insertPending(notice("n2", "C1"))).isTrue();
        assertThat(store.insertPending(notice("n3", "C2"))).isTrue();
        assertThat(store.insertPending(notice("n1", "C1"))).isFalse();
        assertThat(store.forRecipient("C1", 10)).extracting(Notice::noticeId).containsExactly("n2", "n1");
        assertThat(store.forRecipient("C1", 1)).extracting(Notice::noticeId).containsExactly("n2");
        assertThat(store.forRecipient("C1", 10).getLast()).isEqualTo(notice("n1", "C1"));
        assertThat(store.pending()).extracting(Notice::noticeId).containsExactlyInAnyOrder("n1", "n2", "n3");
    }

    @Test
    void deliveredNoticesLeaveThePendingListAndFailuresKeepThemThere() {
        store.insertPending(notice("n1", "C1"));
        store.insertPending(notice("n2", "C1"));
        store.markDelivered("n1");
        store.recordFailure("n2", "smtp down");
        assertThat(store.pending()).extracting(Notice::noticeId).containsExactly("n2");
        assertThat(store.forRecipient("C1", 10)).extracting(Notice::status).containsExactly("pending", "delivered");
    }
}
