package dev.crystal.jobs;

/**
 * Adds flows: trees of jobs where each parent runs after all its children are done. Thread-safe.
 */
public interface FlowProducer {
    /**
     * Adds the whole tree atomically: leaves become ready, parents wait for their children.
     *
     * @throws BadPayloadException if any node's data cannot be written as JSON
     */
    FlowResult add(FlowJob flow);
}
