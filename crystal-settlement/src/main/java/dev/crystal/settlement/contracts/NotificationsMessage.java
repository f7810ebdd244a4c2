package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import java.util.List;

/** Messages the notifications domain accepts: every domain event, and queries. */
public sealed interface NotificationsMessage permits DomainEvent, NotificationsMessage.ListNotices,
        NotificationsMessage.RetryPending {

    /** The notices sent to one customer, newest first. */
    record ListNotices(String customerId, int limit) implements NotificationsMessage, Request<Notices> {
    }

    /** Tells notifications to try its undelivered notices again. */
    record RetryPending() implements NotificationsMessage {
    }

    record Notices(String customerId, List<Notice> notices) {
    }

    /**
     * One notice as recorded.
     *
     * @param noticeId   unique per (kind, reference)
     * @param kind       e.g. {@code SETTLEMENT_PROCESSED}
     * @param reference  what it is about, e.g. the settlement id
     * @param channel    how it was delivered
     * @param status     {@code delivered} or {@code pending}
     * @param text       the message for the customer
     * @param createdAt  ISO-8601 instant
     */
    record Notice(String noticeId, String customerId, String kind, String reference, String channel, String status,
                  String text, String createdAt) {
    }
}
