package dev.crystal.settlement.contracts;

/**
 * A domain event as one consuming domain takes it: the adapter its subscription applies
 * ({@code runtime.subscribe(eventType, address, adapter)}), so that events need not extend the message types of
 * the domains that consume them. Local to a node: the event is published, kept in outboxes and sent between
 * nodes as itself, and adapted only where it is offered to the consumer's worker; such a record is never on the
 * wire.
 *
 * @param <E> the events the consumer subscribed to
 */
public interface Received<E extends DomainEvent> {

    /** The event as it was published. */
    E event();
}
