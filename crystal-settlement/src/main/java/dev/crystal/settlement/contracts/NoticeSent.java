package dev.crystal.settlement.contracts;

/** NOTICE_SENT: a notice reached its channel. */
public record NoticeSent(String noticeId, String recipientId, String kind, String reference, String channel)
        implements DomainEvent {
}
