package dev.crystal.jobs;

import java.util.List;

/**
 * The outcome of adding a flow: every node added in one transaction, or nothing added. Immutable.
 */
public sealed interface FlowResult {

    /** The whole tree was added; {@code root} mirrors the flow with the ids given. */
    record Added(Node root) implements FlowResult {
    }

    /** Nothing was added because the node with {@code jobId} clashed with an existing job. */
    record Rejected(JobRef job, String reason) implements FlowResult {
    }

    /** One added node. */
    record Node(JobRef job, JobState state, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }
}
