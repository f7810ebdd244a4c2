package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import java.util.List;

/** Storage port of the notifications domain. Used by the notifications worker's thread only. */
public interface NoticeStore {

    /** A pending notice and the correlation id of the operation that caused it ({@code null} if unknown). */
    record PendingNotice(Notice notice, String correlationId) {
    }

    /** Records a notice as pending; returns {@code false} if a notice with that id exists (nothing changes). */
    default boolean insertPending(Notice notice) {
        return insertPending(notice, null);
    }

    /**
     * Records a notice as pending for the operation {@code correlationId} (may be {@code null}); returns
     * {@code false} if a notice with that id exists (nothing changes).
     */
    boolean insertPending(Notice notice, String correlationId);

    /** Pending notices, oldest first, each with the correlation id of the operation it belongs to. */
    List<PendingNotice> pendingNotices();

    void markDelivered(String noticeId);

    /** Counts a failed delivery attempt; the notice stays pending. */
    void recordFailure(String noticeId, String error);

    default List<Notice> pending() {
        return pendingNotices().stream().map(PendingNotice::notice).toList();
    }

    List<Notice> forRecipient(String recipientId, int limit);
}
