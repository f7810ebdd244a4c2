package dev.crystal.runtime;

import java.util.List;

/**
 * A summary of a runtime's health for dashboards and reports.
 *
 * @param name        runtime name
 * @param accepting   {@code true} while the runtime takes new messages (not shutting down)
 * @param workers     every worker's snapshot, in registration order
 * @param deadLetters dead letters currently kept
 */
public record RuntimeHealth(String name, boolean accepting, List<WorkerHealth> workers, int deadLetters) {

    public RuntimeHealth {
        workers = List.copyOf(workers);
    }

    /** Healthy when accepting and every worker is healthy. */
    public boolean healthy() {
        return accepting && workers.stream().allMatch(WorkerHealth::healthy);
    }

    /** Workers that are not healthy. */
    public List<WorkerHealth> unhealthy() {
        return workers.stream().filter(w -> !w.healthy()).toList();
    }
}
