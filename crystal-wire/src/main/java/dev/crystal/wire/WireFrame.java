package dev.crystal.wire;

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
        byte[] body) {

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
        if (uncompressedLength < 0) {
            throw new IllegalArgumentException("uncompressedLength must not be negative");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireFrame that
                && formatVersion == that.formatVersion && codec == that.codec && compression == that.compression
                && messageType.equals(that.messageType) && schemaVersion == that.schemaVersion
                && messageId.equals(that.messageId) && correlationId.equals(that.correlationId)
                && Objects.equals(causationId, that.causationId) && source.equals(that.source)
                && target.equals(that.target) && timestamp.equals(that.timestamp)
                && uncompressedLength == that.uncompressedLength && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, correlationId, messageType, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WireFrame[v" + formatVersion + " " + codec + "/" + compression + " " + messageType + "@v"
                + schemaVersion + " id=" + messageId + " corr=" + correlationId + " " + source + "->" + target
                + " body=" + body.length + "B]";
    }
}
