package dev.crystal.runtime;

/**
 * What happened to a message handed to the runtime. Full mailboxes and shutdown are expected
 * outcomes on the hot path, so they are values rather than exceptions.
 */
public enum Delivery {
    /** The message is in the recipient's mailbox. */
    ACCEPTED,
    /** The recipient's mailbox is full and its overflow policy rejected the message. */
    REJECTED,
    /** The recipient's mailbox is full; the message went to the dead letters. */
    DEAD_LETTERED,
    /** No worker is registered at the address. */
    NO_HANDLER,
    /** The runtime is shutting down. */
    SHUTTING_DOWN;

    /** {@code true} when the recipient will see the message. */
    public boolean accepted() {
        return this == ACCEPTED;
    }
}
