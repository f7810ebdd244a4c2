package dev.crystal.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable message in transit. Inside a JVM the envelope and its payload cross threads
 * by reference; nothing is serialized.
 *
 * <p>Delivery hints: a {@link #priority()} (normal by default; high-priority messages are taken first, see
 * {@link Priority}) and a time-to-live ({@link #ttlMillis()}, 0 = none by default): a message whose
 * {@code timestamp + ttl} has passed when a worker is about to handle it is dead-lettered with reason
 * {@code EXPIRED} and never handled. Both travel in the wire frame's header.
 *
 * <p>The message id of an envelope built by the runtime is a per-runtime prefix and a number; its text is
 * rendered the first time {@link #messageId()} is called (by a transport, the inbox, a log line), not on
 * every send: formatting and allocating the id string cost more than the rest of a local hop. An envelope
 * is still a value: equality and hashing use the rendered id.
 *
 * <p>Thread-safety: immutable apart from the cached id text, which is computed from final fields and
 * published racily like {@link String#hashCode()} (every thread computes the same string).
 *
 * @param <T> payload type
 */
public final class Envelope<T> {
    /** The longest time-to-live: {@value} ms, about 24.8 days. */
    public static final long MAX_TTL_MILLIS = Integer.MAX_VALUE;

    private final String idPrefix;
    private final long idNumber;
    /** The rendered id; set at construction for a textual id, on first use for a numbered one. */
    private String messageId;
    private final String type;
    private final String correlationId;
    private final String causationId;
    private final String source;
    private final String target;
    private final Instant timestamp;
    private final T payload;
    /** High priority? (a boolean and an int keep the envelope at 64 bytes, like its 56 without them, rounded). */
    private final boolean high;
    private final int ttlMillis;

    /**
     * @param messageId     unique id of this message (used for de-duplication)
     * @param type          the payload's message type name
     * @param correlationId id shared by every message caused by the same outside request
     * @param causationId   id of the message whose handler sent this one, or {@code null} for an outside request
     * @param source        address name of the sender ({@code "external"} for callers outside the runtime)
     * @param target        address name of the receiver
     * @param timestamp     when the message was sent
     * @param payload       the message itself, an immutable record
     */
    public Envelope(String messageId, String type, String correlationId, String causationId, String source,
                    String target, Instant timestamp, T payload) {
        this(null, 0L, Objects.requireNonNull(messageId, "messageId"), type, correlationId, causationId, source,
                target, timestamp, payload, Priority.NORMAL, 0L);
    }

    /**
     * An envelope with delivery hints.
     *
     * @param priority  how urgently it is taken ({@link Priority#NORMAL} unless the sender says otherwise)
     * @param ttlMillis time-to-live from {@code timestamp} in milliseconds; 0 for none
     * @see #Envelope(String, String, String, String, String, String, Instant, Object)
     */
    public Envelope(String messageId, String type, String correlationId, String causationId, String source,
                    String target, Instant timestamp, T payload, Priority priority, long ttlMillis) {
        this(null, 0L, Objects.requireNonNull(messageId, "messageId"), type, correlationId, causationId, source,
                target, timestamp, payload, priority, ttlMillis);
    }

    private Envelope(String idPrefix, long idNumber, String messageId, String type, String correlationId,
                     String causationId, String source, String target, Instant timestamp, T payload,
                     Priority priority, long ttlMillis) {
        this.idPrefix = idPrefix;
        this.idNumber = idNumber;
        this.messageId = messageId;
        this.type = Objects.requireNonNull(type, "type");
        this.correlationId = Objects.requireNonNull(correlationId, "correlationId");
        this.causationId = causationId;
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.high = Objects.requireNonNull(priority, "priority") == Priority.HIGH;
        if (ttlMillis < 0 || ttlMillis > MAX_TTL_MILLIS) {
            throw new IllegalArgumentException("ttlMillis must be between 0 and " + MAX_TTL_MILLIS + " (24 days), was "
                    + ttlMillis);
        }
        this.ttlMillis = (int) ttlMillis;
    }

    /**
     * An envelope whose message id is {@code idPrefix + idNumber} (decimal), rendered on first use. The caller
     * guarantees uniqueness: a prefix of its own and numbers it never reuses.
     */
    public static <T> Envelope<T> numbered(String idPrefix, long idNumber, String type, String correlationId,
                                           String causationId, String source, String target, Instant timestamp,
                                           T payload) {
        return new Envelope<>(Objects.requireNonNull(idPrefix, "idPrefix"), idNumber, null, type, correlationId,
                causationId, source, target, timestamp, payload, Priority.NORMAL, 0L);
    }

    /** A copy with another priority and time-to-live (0 = none); the message id is kept. */
    public Envelope<T> withDelivery(Priority newPriority, long newTtlMillis) {
        return new Envelope<>(idPrefix, idNumber, messageId, type, correlationId, causationId, source, target,
                timestamp, payload, newPriority, newTtlMillis);
    }

    /**
     * A copy carrying {@code newPayload}, with everything else (ids, type, delivery hints) kept: an event as a
     * subscriber that adapts it takes it.
     */
    public <U> Envelope<U> withPayload(U newPayload) {
        return new Envelope<>(idPrefix, idNumber, messageId, type, correlationId, causationId, source, target,
                timestamp, Objects.requireNonNull(newPayload, "newPayload"), priority(), ttlMillis);
    }

    /** A copy addressed to {@code newTarget}, with everything else (ids, delivery hints) kept. */
    public Envelope<T> withTarget(String newTarget) {
        return new Envelope<>(idPrefix, idNumber, messageId, type, correlationId, causationId, source, newTarget,
                timestamp, payload, priority(), ttlMillis);
    }

    /** Unique id of this message (used for de-duplication); stable for the envelope's life. */
    public String messageId() {
        String id = messageId;
        if (id == null) {
            id = idPrefix + idNumber;
            messageId = id;
        }
        return id;
    }

    /** The payload's message type name. */
    public String type() {
        return type;
    }

    /** Id shared by every message caused by the same outside request. */
    public String correlationId() {
        return correlationId;
    }

    /** Id of the message whose handler sent this one, or {@code null} for an outside request. */
    public String causationId() {
        return causationId;
    }

    /** Address name of the sender ({@code "external"} for callers outside the runtime). */
    public String source() {
        return source;
    }

    /** Address name of the receiver. */
    public String target() {
        return target;
    }

    /** When the message was sent. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The message itself, an immutable record. */
    public T payload() {
        return payload;
    }

    /** How urgently the message is taken; {@link Priority#NORMAL} unless the sender said otherwise. */
    public Priority priority() {
        return high ? Priority.HIGH : Priority.NORMAL;
    }

    /** Time-to-live from {@link #timestamp()} in milliseconds; 0 when the message does not expire. */
    public long ttlMillis() {
        return ttlMillis;
    }

    /** Whether the time-to-live has passed at {@code nowMillis} (epoch milliseconds); never for a message without one. */
    public boolean expiredAt(long nowMillis) {
        return ttlMillis != 0 && nowMillis - timestamp.toEpochMilli() > ttlMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope<?> other
                && messageId().equals(other.messageId())
                && type.equals(other.type)
                && correlationId.equals(other.correlationId)
                && Objects.equals(causationId, other.causationId)
                && source.equals(other.source)
                && target.equals(other.target)
                && timestamp.equals(other.timestamp)
                && payload.equals(other.payload)
                && high == other.high
                && ttlMillis == other.ttlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId(), type, correlationId, causationId, source, target, timestamp, payload);
    }

    @Override
    public String toString() {
        return "Envelope[messageId=" + messageId() + ", type=" + type + ", correlationId=" + correlationId
                + ", causationId=" + causationId + ", source=" + source + ", target=" + target
                + ", timestamp=" + timestamp + ", payload=" + payload
                + (high ? ", priority=high" : "")
                + (ttlMillis == 0 ? "" : ", ttlMillis=" + ttlMillis) + "]";
    }
}
