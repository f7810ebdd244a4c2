package dev.crystal.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why a message became a dead letter: a closed set, so letters can be grouped, filtered and replayed by reason.
 * The letter's {@link DeadLetter#reason()} keeps the human sentence; this is its category.
 */
public enum DeadLetterReason {
    /** The handler threw on every attempt the retry policy allowed. */
    HANDLER_FAILED,
    /** The handler threw an {@link Error}: the worker crashed on this message. */
    WORKER_CRASHED,
    /** The worker exceeded its restart budget and is marked FAILED; its mailbox was emptied here. */
    WORKER_FAILED,
    /** The target's mailbox was full and its overflow policy is {@code DEAD_LETTER}. */
    MAILBOX_FULL,
    /** An inbound frame could not be decoded into the type its address accepts. */
    DECODE_FAILED,
    /** The message failed its contract's validation. */
    VALIDATION_FAILED,
    /** The message's time to live passed before it was handled. */
    EXPIRED,
    /** The message was refused (e.g. no handler, or a rejected frame). */
    REJECTED,
    /** Handling timed out. */
    TIMEOUT;

    /**
     * The category of a failure {@code thrown} by a handler, looking through its causes: a timeout is
     * {@code TIMEOUT}; a wire error (its message starts with the wire's reason, e.g. {@code INVALID_MESSAGE: ...}
     * or {@code MALFORMED_BODY: ...}) is {@code VALIDATION_FAILED} or {@code DECODE_FAILED}; anything else
     * {@code HANDLER_FAILED}.
     */
    public static DeadLetterReason ofHandlerFailure(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 10; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof TimeoutException) {
                return TIMEOUT;
            }
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.startsWith("INVALID_MESSAGE")) {
                return VALIDATION_FAILED;
            }
            if (message.startsWith("MALFORMED_") || message.startsWith("UNKNOWN_MESSAGE_TYPE")
                    || message.startsWith("UNKNOWN_CODEC") || message.startsWith("UNKNOWN_FORMAT_VERSION")) {
                return DECODE_FAILED;
            }
        }
        return HANDLER_FAILED;
    }

    /**
     * The category of a letter known only by its sentence (letters stored before reasons had categories, or
     * created by code that gives only a sentence, e.g. {@code "wire EXPIRED: ..."}).
     */
    public static DeadLetterReason classify(String sentence) {
        String s = sentence == null ? "" : sentence.toLowerCase(Locale.ROOT);
        if (s.contains("mailbox full")) {
            return MAILBOX_FULL;
        }
        if (s.contains("worker crashed")) {
            return WORKER_CRASHED;
        }
        if (s.startsWith("worker ") && s.contains("failed")) {
            return WORKER_FAILED;
        }
        if (s.contains("expired") || s.contains("ttl")) {
            return EXPIRED;
        }
        if (s.contains("timeout") || s.contains("timed out")) {
            return TIMEOUT;
        }
        if (s.contains("valid")) {
            return VALIDATION_FAILED;
        }
        if (s.contains("decode") || s.contains("is not a") || s.startsWith("wire ") || s.contains("unknown type")) {
            return DECODE_FAILED;
        }
        if (s.contains("no handler") || s.contains("reject")) {
            return REJECTED;
        }
        return HANDLER_FAILED;
    }

    /** The reason named {@code name} (any case), or an {@link IllegalArgumentException} naming the valid ones. */
    public static DeadLetterReason parse(String name) {
        for (DeadLetterReason r : values()) {
            if (r.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reason '" + name + "'; valid: "
                + Arrays.toString(values()).replaceAll("[\\[\\]]", ""));
    }
}
