package dev.crystal.wire;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A frame a reader refused, with everything needed to dead-letter, inspect and replay it.
 * Immutable by contract.
 *
 * @param reason     why it was refused
 * @param detail     human-readable detail
 * @param violations broken constraints when {@code reason} is {@link WireError#INVALID_MESSAGE}
 * @param header     the frame header when it could be read (its body is the raw body), else null
 * @param raw        the bytes as received
 */
public record RejectedFrame(WireError reason, String detail, List<Violation> violations, WireFrame header, byte[] raw) {
    public RejectedFrame {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        violations = List.copyOf(violations);
        Objects.requireNonNull(raw, "raw");
    }

    /** The frame header, when the failure happened after it was read. */
    public Optional<WireFrame> frame() {
        return Optional.ofNullable(header);
    }

    /**
     * This rejection as a runtime dead letter: the envelope carries the header fields when they were
     * readable ({@code unreadable} otherwise) and this record as its payload, so the raw bytes can
     * be shown and replayed.
     *
     * @param at when it was dead-lettered
     */
    public DeadLetter toDeadLetter(Instant at) {
        String unreadable = "unreadable";
        Envelope<RejectedFrame> envelope = header == null
                ? new Envelope<>(unreadable, "UNREADABLE_FRAME", unreadable, null, unreadable, unreadable, at, this)
                : new Envelope<>(header.messageId(), header.messageType(), header.correlationId(),
                header.causationId(), header.source(), header.target(), header.timestamp(), this);
        return new DeadLetter(envelope, "wire " + reason + ": " + detail, "", at, envelope.messageId());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RejectedFrame that && reason == that.reason && detail.equals(that.detail)
                && violations.equals(that.violations) && Objects.equals(header, that.header)
                && Arrays.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "RejectedFrame[" + reason + ": " + detail + ", " + raw.length + " bytes]";
    }
}
