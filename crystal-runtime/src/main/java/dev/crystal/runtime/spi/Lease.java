package dev.crystal.runtime.spi;

/**
 * Exclusive, expiring ownership of a named resource (e.g. the right to consume one domain's stream), held by at
 * most one holder at a time. A holder that stops renewing loses it after the lease's time to live, and another
 * holder can take it: that is how a standby node takes over a killed node's domain. Owned by one thread.
 */
public interface Lease extends AutoCloseable {

    /** Acquires the lease if it is free or renews it if this holder has it; {@code true} while held. */
    boolean tryHold();

    /** Gives the lease up if this holder has it, so another can take it at once. */
    @Override
    void close();
}
