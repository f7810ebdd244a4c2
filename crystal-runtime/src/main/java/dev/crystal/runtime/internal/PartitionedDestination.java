package dev.crystal.runtime.internal;

import java.util.List;
import java.util.function.Function;

/** N single-writer partitions; equal keys always reach the same partition, so their order is kept. Immutable. */
record PartitionedDestination(List<WorkerCell<?>> cells, Function<Object, ?> key) implements Destination {
    @Override
    public WorkerCell<?> cellFor(Object message) {
        Object k = key.apply(message);
        int hash = k == null ? 0 : k.hashCode();
        return cells.get(Math.floorMod(hash ^ (hash >>> 16), cells.size()));
    }
}
