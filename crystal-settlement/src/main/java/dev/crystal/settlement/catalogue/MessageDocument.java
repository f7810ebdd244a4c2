package dev.crystal.settlement.catalogue;

import dev.crystal.settlement.contracts.DomainEvent;
import java.util.Objects;

/**
 * A message as a person reads it in a file: {@code type:} plus {@code payload:}, optionally the
 * correlation id it travelled under (the seed's format). Immutable.
 *
 * @param type          the catalogue entry of the payload
 * @param correlationId correlation id, or {@code null}
 * @param payload       the message record
 */
public record MessageDocument(MessageType type, String correlationId, DomainEvent payload) {

    public MessageDocument {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (!type.recordClass().isInstance(payload)) {
            throw new IllegalArgumentException(type.name() + " carries " + type.recordClass().getSimpleName()
                    + ", not " + payload.getClass().getSimpleName());
        }
    }

    /** A document for {@code payload}, its type taken from the catalogue. */
    public static MessageDocument of(DomainEvent payload) {
        return new MessageDocument(MessageCatalogue.typeOf(payload), null, payload);
    }
}
