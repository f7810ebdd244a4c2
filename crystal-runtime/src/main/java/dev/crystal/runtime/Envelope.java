package dev.crystal.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable message in transit. Inside a JVM the envelope and its payload cross threads
 * by reference; nothing is serialized.
 *
 * @param messageId     unique id of this message (used for de-duplication)
 * @param type          the payload's message type name
 * @param correlationId id shared by every message caused by the same outside request
 * @param causationId   id of the message whose handler sent this one, or {@code null} for an outside request
 * @param source        address name of the sender ({@code "external"} for callers outside the runtime)
 * @param target        address name of the receiver
 * @param timestamp     when the message was sent
 * @param payload       the message itself, an immutable record
 * @param <T>           payload type
 */
public record Envelope<T>(
        String messageId,
        String type,
        String correlationId,
        String causationId,
        String source,
        String target,
        Instant timestamp,
        T payload) {

    public Envelope {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }
}
