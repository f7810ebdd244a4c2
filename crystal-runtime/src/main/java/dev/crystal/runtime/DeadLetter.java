package dev.crystal.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that could not be handled, kept with the reason so a person can inspect and replay it. There is one
 * letter per message and worker: a message that fails again (redelivered, replayed) adds attempts to its letter
 * instead of making another. A letter is <em>open</em> until the message is later handled (by a replay or a
 * redelivery), then <em>resolved</em> with when and how; resolved letters stay until purged.
 *
 * @param envelope      the message as it was delivered
 * @param reason        the last failure as a sentence, e.g. {@code "handler failed after 3 attempts: ..."}
 * @param stackTrace    the last failure's error as readable lines (class, message, top frames), or empty
 * @param at            when it failed last
 * @param id            id of this dead letter, used to replay or discard it
 * @param code          the failure's category (see {@link DeadLetterReason})
 * @param attempts      handling attempts that failed, over every delivery of this message
 * @param firstFailedAt when it became a dead letter
 * @param resolvedAt    when the message was later handled, or {@code null} while open
 * @param resolvedBy    how it was resolved (e.g. {@code "replay succeeded"}), or {@code null} while open
 */
public record DeadLetter(Envelope<?> envelope, String reason, String stackTrace, Instant at, String id,
                         DeadLetterReason code, int attempts, Instant firstFailedAt, Instant resolvedAt,
                         String resolvedBy) {

    /** How a letter resolved by a successful replay says so. */
    public static final String RESOLVED_BY_REPLAY = "replay succeeded";
    /** How a letter resolved by the message being handled later (redelivered) says so. */
    public static final String RESOLVED_BY_LATER_SUCCESS = "message handled later";

    public DeadLetter {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
        stackTrace = stackTrace == null ? "" : stackTrace;
        code = code == null ? DeadLetterReason.classify(reason) : code;
        attempts = Math.max(1, attempts);
        firstFailedAt = firstFailedAt == null ? at : firstFailedAt;
        if ((resolvedAt == null) != (resolvedBy == null)) {
            throw new IllegalArgumentException("resolvedAt and resolvedBy go together");
        }
    }

    /** A new open letter after one failed attempt; the category is read from {@code reason}. */
    public DeadLetter(Envelope<?> envelope, String reason, String stackTrace, Instant at, String id) {
        this(envelope, reason, stackTrace, at, id, null, 1, at, null, null);
    }

    /** The worker (address) the message was for. */
    public String worker() {
        return envelope.target();
    }

    /** Whether the message was later handled. */
    public boolean resolved() {
        return resolvedAt != null;
    }

    /** {@code "open"} or {@code "resolved"}. */
    public String status() {
        return resolved() ? "resolved" : "open";
    }

    /** This letter after the message failed again ({@code moreAttempts} more attempts); reopened if resolved. */
    public DeadLetter failedAgain(DeadLetterReason newCode, String newReason, String error, Instant when,
                                  int moreAttempts) {
        return new DeadLetter(envelope, newReason, error, when, id, newCode, attempts + Math.max(1, moreAttempts),
                firstFailedAt, null, null);
    }

    /** This letter resolved at {@code when}, {@code how}. */
    public DeadLetter resolve(Instant when, String how) {
        return new DeadLetter(envelope, reason, stackTrace, at, id, code, attempts, firstFailedAt, when, how);
    }
}
