package dev.crystal.runtime.internal;

/**
 * A pending answer that {@link RequestTimeouts} fails with TIMEOUT at its deadline unless it is answered
 * first. The wheel fields ({@code prev}, {@code next}, {@code rounds}, {@code linked}) belong to the
 * timeouts thread; {@code deadlineNanos} is set before the entry is published to it.
 */
abstract class TimedReply {
    long deadlineNanos;
    TimedReply prev;
    TimedReply next;
    long rounds;
    int bucket = -1;

    /** Called on the timeouts thread when the deadline passed without an answer. */
    abstract void expire();

    /** Called on the timeouts thread when the runtime stops before an answer came. */
    abstract void abandon();

    /** {@code true} once answered (or expired). */
    abstract boolean answered();
}
