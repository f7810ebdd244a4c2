package dev.crystal.jobs;

import java.util.List;
import java.util.Objects;

/**
 * A node of a flow: a job and the children that must be done before it runs. Children may live in any
 * queue and have children of their own. Immutable.
 *
 * @param queue    queue of this job
 * @param name     job name
 * @param data     payload (JSON-writable value or {@link JsonPayload})
 * @param options  job options ({@link JobOptions#onChildFailure()} on a child governs its parent)
 * @param children the jobs to finish first
 */
public record FlowJob(String queue, String name, Object data, JobOptions options, List<FlowJob> children) {
    public FlowJob {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        children = List.copyOf(children);
    }

    /** A leaf job with default options. */
    public static FlowJob leaf(String queue, String name, Object data) {
        return new FlowJob(queue, name, data, JobOptions.defaults(), List.of());
    }

    /** A parent with default options. */
    public static FlowJob parent(String queue, String name, Object data, List<FlowJob> children) {
        return new FlowJob(queue, name, data, JobOptions.defaults(), children);
    }
}
