package dev.crystal.runtime.spi;

/**
 * Exclusive, expiring ownership of a named resource (e.g. the right to consume one domain's stream), held by at
 * most one holder at a time. A holder that stops renewing loses it after the lease's time to live, and another
 * holder can take it: that is how a standby node takes over a killed node's domain.
 *
 * <p>Each grant carries an <b>epoch</b>, a fencing token: every new grant of a lease (to any holder) gets a larger
 * epoch than every earlier grant, and a renewal keeps it. A store that remembers the newest epoch that wrote can so
 * refuse the writes of a holder that lost the lease without noticing (a paused process). Owned by one thread.
 */
public interface Lease extends AutoCloseable {

    /** Acquires the lease if it is free or renews it if this holder has it; {@code true} while held. */
    boolean tryHold();

    /**
     * As {@link #tryHold()}, and makes sure the epoch of the grant is larger than {@code epochFloor} (the newest
     * epoch a store has seen, in case the lease service lost its counter, e.g. a Redis restarted without
     * persistence).
     */
    default boolean tryHold(long epochFloor) {
        return tryHold();
    }

    /** The epoch of this holder's current grant, from the last successful {@link #tryHold}; 0 before any. */
    default long epoch() {
        return 0;
    }

    /**
     * Where the lease service keeps this lease's newest epoch, for a transport on the same service to check in its
     * own writes ({@link TransportReceiver#fence}); {@code null} when the service offers no such key.
     */
    default String epochKey() {
        return null;
    }

    /** Gives the lease up if this holder has it, so another can take it at once. */
    @Override
    void close();
}
