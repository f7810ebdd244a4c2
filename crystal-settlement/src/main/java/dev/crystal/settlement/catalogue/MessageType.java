package dev.crystal.settlement.catalogue;

import dev.crystal.runtime.MessageNames;
import dev.crystal.settlement.contracts.DomainEvent;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the message catalogue: a message type's stable name, its record class and the
 * domain that emits it. Immutable; shared freely between threads.
 *
 * @param name        stable SCREAMING_SNAKE name, e.g. {@code SETTLEMENT_PROCESSED}
 * @param recordClass the Java record carrying the message
 * @param domain      the domain that emits it, e.g. {@code collections}
 */
public record MessageType(String name, Class<? extends DomainEvent> recordClass, String domain) {

    public MessageType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recordClass, "recordClass");
        Objects.requireNonNull(domain, "domain");
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("message type name must be SCREAMING_SNAKE: " + name);
        }
        if (!name.equals(MessageNames.of(recordClass))) {
            throw new IllegalArgumentException("message type " + recordClass.getSimpleName() + " is named "
                    + MessageNames.of(recordClass) + " everywhere, not " + name);
        }
    }

    /** The entry for a record, named by the one naming rule ({@link MessageNames#of(Class)}). */
    public static MessageType of(Class<? extends DomainEvent> recordClass, String domain) {
        return new MessageType(MessageNames.of(recordClass), recordClass, domain);
    }

    /** The seed's file-style name, e.g. {@code settlement-processed.yaml}. */
    public String fileName() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-') + ".yaml";
    }
}
