package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import java.util.List;

/** Storage port of the notifications domain. Used by the notifications worker's thread only. */
public interface NoticeStore {

    /** Records a notice as pending; returns {@code false} if a notice with that id exists (nothing changes). */
    boolean insertPending(Notice notice);

    void markDelivered(String noticeId);

    /** Counts a failed delivery attempt; the notice stays pending. */
    void recordFailure(String noticeId, String error);

    List<Notice> pending();

    List<Notice> forRecipient(String recipientId, int limit);
}
