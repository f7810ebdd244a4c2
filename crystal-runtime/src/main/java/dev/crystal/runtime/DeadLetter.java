package dev.crystal.runtime;

import java.time.Instant;

/**
 * A message that could not be handled, kept with the reason so a person can inspect and replay it.
 *
 * @param envelope   the message as it was delivered
 * @param reason     short reason, e.g. {@code "handler failed: IllegalStateException: ..."}
 * @param stackTrace the failure's stack trace, or empty
 * @param at         when it was dead-lettered
 * @param id         id of this dead letter, used to replay or discard it
 */
public record DeadLetter(Envelope<?> envelope, String reason, String stackTrace, Instant at, String id) {

    /** The first-cut constructor: the dead letter's id is the message id. */
    public DeadLetter(Envelope<?> envelope, String reason, String stackTrace, Instant at) {
        this(envelope, reason, stackTrace, at, envelope.messageId());
    }
}
