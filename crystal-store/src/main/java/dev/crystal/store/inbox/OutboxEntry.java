package dev.crystal.store.inbox;

import dev.crystal.runtime.Envelope;
import java.util.Objects;

/**
 * One message a handler emitted, as the outbox keeps it until it is relayed: the envelope to hand over (with its
 * final message id) and the payload's text. Immutable, so any thread may read it; built and relayed on the
 * emitting worker's thread.
 *
 * @param seq      position in the outbox; relays follow it
 * @param kind     send to {@code envelope.target()}, or publish to every subscriber of the payload's type
 * @param envelope the message as it will be delivered (for a publish, target is the emitting worker)
 * @param text     the payload written by the {@link PayloadCodec}
 */
public record OutboxEntry(long seq, Kind kind, Envelope<?> envelope, String text) {

    /** How an outbox entry is relayed. */
    public enum Kind {
        /** {@link dev.crystal.runtime.WorkerRuntime#deliver} to the envelope's target. */
        SEND,
        /** {@link dev.crystal.runtime.WorkerRuntime#deliverToSubscribers} of the payload's type. */
        PUBLISH
    }

    public OutboxEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(text, "text");
    }
}
