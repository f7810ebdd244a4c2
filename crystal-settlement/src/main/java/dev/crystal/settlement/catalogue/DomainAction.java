package dev.crystal.settlement.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * An action a domain performs, with the message types it emits. Immutable.
 *
 * @param domain the domain, e.g. {@code balance}
 * @param name   the action, e.g. {@code update_balance}
 * @param emits  names of the message types the action emits, in catalogue order
 */
public record DomainAction(String domain, String name, List<String> emits) {

    public DomainAction {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        emits = List.copyOf(emits);
    }

    /** Whether this action emits the message type named {@code messageType} (SCREAMING_SNAKE). */
    public boolean emits(String messageType) {
        return emits.contains(messageType);
    }
}
