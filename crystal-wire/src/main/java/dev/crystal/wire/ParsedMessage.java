package dev.crystal.wire;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A message read from a person's YAML file, validated and bound to its registered record. Fields
 * the file did not give are {@code null} and filled by {@link #toEnvelope}. Immutable.
 *
 * @param type          the registered type named by the file's {@code type:}
 * @param payload       the payload record
 * @param messageId     the file's {@code messageId}, or null
 * @param correlationId the file's {@code correlationId}, or null
 * @param causationId   the file's {@code causationId}, or null
 * @param source        the file's {@code source}, or null
 * @param target        the file's {@code target}, or null
 * @param timestamp     the file's {@code timestamp}, or null
 * @param priority      the file's {@code priority} ({@code normal} when absent)
 * @param ttlMillis     the file's {@code ttl} in milliseconds (0 when absent: no time-to-live)
 */
public record ParsedMessage(MessageType<?> type, Object payload, String messageId, String correlationId,
                            String causationId, String source, String target, Instant timestamp,
                            Priority priority, long ttlMillis) {
    public ParsedMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
    }

    /** A message with normal priority and no time-to-live. */
    public ParsedMessage(MessageType<?> type, Object payload, String messageId, String correlationId,
                         String causationId, String source, String target, Instant timestamp) {
        this(type, payload, messageId, correlationId, causationId, source, target, timestamp, Priority.NORMAL, 0L);
    }

    /**
     * An envelope for sending the message, filling what the file left out.
     *
     * @param defaultSource used when the file names no source (e.g. {@code "cli"})
     * @param defaultTarget used when the file names no target (e.g. the domain that owns the type)
     * @param newIds        makes message and correlation ids
     * @param clock         stamps the message when the file has no timestamp
     */
    public Envelope<Object> toEnvelope(String defaultSource, String defaultTarget, Supplier<String> newIds,
                                       InstantSource clock) {
        return new Envelope<>(
                messageId != null ? messageId : newIds.get(),
                type.name(),
                correlationId != null ? correlationId : newIds.get(),
                causationId,
                source != null ? source : defaultSource,
                target != null ? target : defaultTarget,
                timestamp != null ? timestamp : clock.instant(),
                payload,
                priority,
                ttlMillis);
    }
}
