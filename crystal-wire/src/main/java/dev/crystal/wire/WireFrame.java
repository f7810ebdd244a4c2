package dev.crystal.wire;

import dev.crystal.runtime.Priority;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message as it travels between processes: the header a reader needs before it trusts the
 * body, then the body as written (compressed when {@link #compression()} is not NONE).
 * Immutable by contract: {@link #body()} is never modified after construction.
 *
 * @param formatVersion      frame layout version ({@link #FORMAT_VERSION} for this writer)
 * @param codec              codec of the body
 * @param compression        compression applied to the encoded body
 * @param messageType        registered message type name
 * @param schemaVersion      schema version of the writer's record
 * @param messageId          unique message id
 * @param correlationId      id shared by every message of one outside request
 * @param causationId        id of the message that caused this one, or {@code null}
 * @param source             sender address name
 * @param target             receiver address name
 * @param timestamp          when the message was sent
 * @param uncompressedLength body length before compression (equals the body length when NONE)
 * @param body               the body bytes as carried
 * @param priority           the envelope's priority (header flag bit 1 when high)
 * @param ttlMillis          the envelope's time-to-live in milliseconds, 0 for none (header flag bit 2 and a
 *                           varint after the timestamp when set)
 */
public record WireFrame(
        int formatVersion,
        CodecId codec,
        CompressionId compression,
        String messageType,
        int schemaVersion,
        String messageId,
        String correlationId,
        String causationId,
        String source,
        String target,
        Instant timestamp,
        int uncompressedLength,
        byte[] body,
        Priority priority,
        long ttlMillis) {

    /** The frame layout this library writes. */
    public static final int FORMAT_VERSION = 1;

    public WireFrame {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(priority, "priority");
        if (uncompressedLength < 0) {
            throw new IllegalArgumentException("uncompressedLength must not be negative");
        }
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("ttlMillis must not be negative");
        }
    }

    /** A frame with normal priority and no time-to-live. */
    public WireFrame(int formatVersion, CodecId codec, CompressionId compression, String messageType,
                     int schemaVersion, String messageId, String correlationId, String causationId, String source,
                     String target, Instant timestamp, int uncompressedLength, byte[] body) {
        this(formatVersion, codec, compression, messageType, schemaVersion, messageId, correlationId, causationId,
                source, target, timestamp, uncompressedLength, body, Priority.NORMAL, 0L);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireFrame that
                && formatVersion == that.formatVersion && codec == that.codec && compression == that.compression
                && messageType.equals(that.messageType) && schemaVersion == that.schemaVersion
                && messageId.equals(that.messageId) && correlationId.equals(that.correlationId)
                && Objects.equals(causationId, that.causationId) && source.equals(that.source)
                && target.equals(that.target) && timestamp.equals(that.timestamp)
                && uncompressedLength == that.uncompressedLength && Arrays.equals(body, that.body)
                && priority == that.priority && ttlMillis == that.ttlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, correlationId, messageType, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WireFrame[v" + formatVersion + " " + codec + "/" + compression + " " + messageType + "@v"
                + schemaVersion + " id=" + messageId + " corr=" + correlationId + " " + source + "->" + target
                + (priority == Priority.NORMAL ? "" : " priority=" + priority.wireName())
                + (ttlMillis == 0 ? "" : " ttl=" + ttlMillis + "ms") + " body=" + body.length + "B]";
    }
}
