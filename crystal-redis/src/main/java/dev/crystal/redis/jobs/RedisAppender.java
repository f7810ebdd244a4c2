package dev.crystal.redis.jobs;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.JobAppender;
import dev.crystal.jobs.spi.NewFlowNode;
import dev.crystal.jobs.spi.NewJob;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis {@link JobAppender}: one {@code add} script per batch, one {@code add_flow} script per flow (all
 * nodes, across queues, in one atomic script because every key shares the prefix's hash tag). Stateless.
 */
final class RedisAppender implements JobAppender {
    private final LuaScripts scripts;

    RedisAppender(LuaScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public List<AddResult> add(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(1 + jobs.size() * 17);
        args.add(Integer.toString(jobs.size()));
        for (NewJob job : jobs) {
            JobArgs.append(job, args);
        }
        ReplyCursor reply = scripts.list("add", args);
        List<AddResult> results = new ArrayList<>(jobs.size());
        while (reply.hasMore()) {
            results.add(addResult(reply));
        }
        return results;
    }

    static AddResult addResult(ReplyCursor reply) {
        String kind = reply.text();
        String id = reply.text();
        String detail = reply.text();
        return switch (kind) {
            case "A" -> new AddResult.Added(id, JobState.ofCode(detail));
            case "E" -> new AddResult.AlreadyExists(id, JobState.ofCode(detail));
            case "C" -> new AddResult.IdConflict(id, detail);
            default -> throw new IllegalStateException("unknown add result kind '" + kind + "' from Redis");
        };
    }

    @Override
    public FlowResult addFlow(NewFlowNode root) {
        List<NewFlowNode> nodes = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        flatten(root, 0, nodes, parents);
        List<String> args = new ArrayList<>(1 + nodes.size() * 19);
        args.add(Integer.toString(nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            JobArgs.append(nodes.get(i).job(), args);
            args.add(Integer.toString(parents.get(i)));
            args.add(Integer.toString(nodes.get(i).children().size()));
        }
        ReplyCursor reply = scripts.list("add_flow", args);
        String kind = reply.text();
        return switch (kind) {
            case "A" -> new FlowResult.Added(node(root, reply));
            case "R" -> new FlowResult.Rejected(new JobRef(reply.text(), reply.text()), reply.text());
            case "D" -> throw new IllegalArgumentException("flow job id '" + new JobRef(reply.text(), reply.text())
                    + "' appears twice in the flow");
            default -> throw new IllegalStateException("unknown flow result kind '" + kind + "' from Redis");
        };
    }

    /** Pre-order; parent positions are 1-based, 0 for the root. */
    private static void flatten(NewFlowNode node, int parent, List<NewFlowNode> nodes, List<Integer> parents) {
        nodes.add(node);
        parents.add(parent);
        int self = nodes.size();
        for (NewFlowNode child : node.children()) {
            flatten(child, self, nodes, parents);
        }
    }

    private static FlowResult.Node node(NewFlowNode node, ReplyCursor reply) {
        JobRef ref = new JobRef(node.job().queue(), reply.text());
        JobState state = JobState.ofCode(reply.text());
        List<FlowResult.Node> children = new ArrayList<>(node.children().size());
        for (NewFlowNode child : node.children()) {
            children.add(node(child, reply));
        }
        return new FlowResult.Node(ref, state, children);
    }
}
