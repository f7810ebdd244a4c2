package dev.crystal.runtime;

/** What a full mailbox does with one more message. */
public enum OverflowPolicy {
    /** The sender waits up to the worker's send timeout for room, then gets {@link Delivery#REJECTED}. */
    BACKPRESSURE,
    /** The sender gets {@link Delivery#REJECTED} at once. */
    REJECT,
    /** The message is stored as a dead letter; the sender gets {@link Delivery#DEAD_LETTERED}. */
    DEAD_LETTER
}
