package dev.crystal.jobs.spi;

import java.util.List;
import java.util.Objects;

/**
 * A flow node to store: the job and its children. Immutable.
 *
 * @param job      the job
 * @param children jobs that must be done before it
 */
public record NewFlowNode(NewJob job, List<NewFlowNode> children) {
    public NewFlowNode {
        Objects.requireNonNull(job, "job");
        children = List.copyOf(children);
    }
}
