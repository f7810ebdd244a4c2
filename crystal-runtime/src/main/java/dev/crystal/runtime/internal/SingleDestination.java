package dev.crystal.runtime.internal;

import java.util.List;

/** One worker, one cell. Immutable. */
record SingleDestination(WorkerCell<?> cell) implements Destination {
    @Override
    public WorkerCell<?> cellFor(Object message) {
        return cell;
    }

    @Override
    public List<WorkerCell<?>> cells() {
        return List.of(cell);
    }
}
