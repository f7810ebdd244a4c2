package dev.crystal.runtime.internal;

import java.util.List;

/**
 * Where messages for one address go: a single cell, or one of N partition cells chosen by a key.
 * Immutable after registration; read by any sending thread.
 */
sealed interface Destination permits SingleDestination, PartitionedDestination {

    /** The cell that takes {@code message}. */
    WorkerCell<?> cellFor(Object message);

    /** Every cell behind this address. */
    List<WorkerCell<?>> cells();
}
