package dev.crystal.runtime.spi;

import dev.crystal.runtime.Envelope;
import java.util.Objects;

/**
 * A message handed out by a {@link TransportReceiver} and pending until acknowledged.
 *
 * @param envelope      the message; its {@link Envelope#messageId()} is stable across redeliveries
 * @param deliveryId    the transport's id of this entry (e.g. a Redis stream entry id), used to acknowledge
 * @param deliveryCount 1 on first delivery, more on redelivery
 * @param replyTo       the destination the sender wants the answer sent to, or {@code null} for a one-way message
 */
public record Inbound(Envelope<?> envelope, String deliveryId, int deliveryCount, String replyTo) {

    /** A one-way message (no reply-to). */
    public Inbound(Envelope<?> envelope, String deliveryId, int deliveryCount) {
        this(envelope, deliveryId, deliveryCount, null);
    }

    public Inbound {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(deliveryId, "deliveryId");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("deliveryCount must be at least 1");
        }
    }

    /** {@code true} when this message was delivered before and may already have had effects. */
    public boolean redelivered() {
        return deliveryCount > 1;
    }
}
