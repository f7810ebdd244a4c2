package dev.crystal.cluster;

import java.util.function.LongSupplier;

/**
 * A domain's store that a lease epoch can fence (PostgreSQL on a cluster node): it records the newest epoch that
 * wrote and refuses every write transaction of an older one. Called on the domain worker's thread, which owns it.
 */
public interface FencedStore {

    /**
     * From now on every write transaction records {@code epoch}'s current value for {@code writer} in the same
     * transaction and is refused (rolled back) when the value is 0 or older than one that has written.
     */
    void fence(String writer, LongSupplier epoch);

    /** The newest epoch of {@code writer} that has written (0 if none). */
    long storedEpoch(String writer);

    /** Commits an empty write transaction: records the current epoch, or throws if it is stale. */
    void recordEpoch();
}
