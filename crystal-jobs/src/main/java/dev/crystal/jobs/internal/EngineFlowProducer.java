package dev.crystal.jobs.internal;

import dev.crystal.jobs.FlowJob;
import dev.crystal.jobs.FlowProducer;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.spi.NewFlowNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link FlowProducer}: turns the tree into store nodes and adds it in one store call. Thread-safe.
 */
final class EngineFlowProducer implements FlowProducer {
    private final EngineServices services;
    private final NewJobs newJobs;

    EngineFlowProducer(EngineServices services, NewJobs newJobs) {
        this.services = services;
        this.newJobs = newJobs;
    }

    @Override
    public FlowResult add(FlowJob flow) {
        Set<String> queues = new TreeSet<>();
        NewFlowNode root = node(flow, services.clock().instant(), queues);
        FlowResult result = services.store().appender().addFlow(root);
        if (result instanceof FlowResult.Added) {
            queues.forEach(services.wakeups()::wake);
        }
        return result;
    }

    private NewFlowNode node(FlowJob flow, Instant now, Set<String> queues) {
        queues.add(flow.queue());
        List<NewFlowNode> children = new ArrayList<>(flow.children().size());
        for (FlowJob child : flow.children()) {
            children.add(node(child, now, queues));
        }
        return new NewFlowNode(newJobs.of(flow.queue(), flow.name(), flow.data(), flow.options(), now), children);
    }
}
