package dev.crystal.runtime.internal;

import java.util.List;
import java.util.function.Function;

/**
 * Where messages for one address go: a single cell, or one of N partition cells chosen by a key.
 * Immutable after registration; read by any sending thread.
 */
sealed interface Destination {

    /** The cell that takes {@code message}. */
    WorkerCell<?> cellFor(Object message);

    /** Every cell behind this address. */
    List<WorkerCell<?>> cells();

    /** One worker, one cell. */
    record Single(WorkerCell<?> cell) implements Destination {
        @Override
        public WorkerCell<?> cellFor(Object message) {
            return cell;
        }

        @Override
        public List<WorkerCell<?>> cells() {
            return List.of(cell);
        }
    }

    /** N single-writer partitions; equal keys always reach the same partition, so their order is kept. */
    record Partitioned(List<WorkerCell<?>> cells, Function<Object, ?> key) implements Destination {
        @Override
        public WorkerCell<?> cellFor(Object message) {
            Object k = key.apply(message);
            int hash = k == null ? 0 : k.hashCode();
            return cells.get(Math.floorMod(hash ^ (hash >>> 16), cells.size()));
        }
    }
}
