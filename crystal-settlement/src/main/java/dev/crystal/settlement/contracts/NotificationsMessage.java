package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import java.util.List;

/** Messages the notifications domain accepts: every domain event (as {@link EventReceived}), and queries. */
public sealed interface NotificationsMessage permits NotificationsMessage.EventReceived, NotificationsMessage.ListNotices,
        NotificationsMessage.RetryPending {

    /** A published event, as notifications' subscription to every {@link DomainEvent} adapts it. */
    record EventReceived(DomainEvent event) implements NotificationsMessage, Received<DomainEvent> {
    }

    /** The notices sent to one recipient (customer or affiliate), newest first. */
    record ListNotices(String recipientId, int limit) implements NotificationsMessage, Request<Notices> {
    }

    /** Tells notifications to try its undelivered notices again. */
    record RetryPending() implements NotificationsMessage {
    }

    record Notices(String recipientId, List<Notice> notices) {
    }

    /**
     * One notice as recorded.
     *
     * @param noticeId   unique per (kind, reference)
     * @param recipientId customer or affiliate id
     * @param audience   {@code customer}, {@code partner} or {@code security}
     * @param kind       e.g. {@code SETTLEMENT_PROCESSED}
     * @param reference  what it is about, e.g. the settlement id
     * @param channel    how it was delivered
     * @param status     {@code delivered} or {@code pending}
     * @param text       the message for the customer
     * @param createdAt  ISO-8601 instant
     */
    record Notice(String noticeId, String recipientId, String audience, String kind, String reference, String channel, String status,
                  String text, String createdAt) {
    }
}
