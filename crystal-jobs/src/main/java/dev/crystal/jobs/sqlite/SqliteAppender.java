package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.FlowResult;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.spi.JobAppender;
import dev.crystal.jobs.spi.NewFlowNode;
import dev.crystal.jobs.spi.NewJob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SQLite {@link JobAppender}: each call is one write task of the group-committing writer. Stateless.
 */
final class SqliteAppender implements JobAppender {
    private final SqliteWriter writer;
    private final JobRowWriter rows;

    SqliteAppender(SqliteWriter writer, JobRowWriter rows) {
        this.writer = writer;
        this.rows = rows;
    }

    @Override
    public List<AddResult> add(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        return writer.execute(session -> insertAll(session, jobs));
    }

    List<AddResult> insertAll(SqliteSession session, List<NewJob> jobs) throws SQLException {
        Set<String> ensured = new HashSet<>();
        List<AddResult> results = new ArrayList<>(jobs.size());
        List<NewJob> plain = new ArrayList<>(JobRowWriter.INSERT_CHUNK);
        for (NewJob job : jobs) {
            if (job.customId() == null && !job.lifo()) {
                plain.add(job);
                if (plain.size() == JobRowWriter.INSERT_CHUNK) {
                    results.addAll(rows.insertMany(session, plain, ensured));
                    plain.clear();
                }
            } else {
                if (!plain.isEmpty()) {
                    results.addAll(rows.insertMany(session, plain, ensured));
                    plain.clear();
                }
                results.add(rows.insert(session, job, null, 0, ensured).result());
            }
        }
        if (!plain.isEmpty()) {
            results.addAll(rows.insertMany(session, plain, ensured));
        }
        return results;
    }

    @Override
    public FlowResult addFlow(NewFlowNode root) {
        return writer.execute(session -> {
            FlowResult.Rejected clash = findClash(session, root);
            if (clash != null) {
                return clash;
            }
            return new FlowResult.Added(insertNode(session, root, null, new HashSet<>()));
        });
    }

    private FlowResult.Rejected findClash(SqliteSession session, NewFlowNode node) throws SQLException {
        AddResult existing = rows.existing(session, node.job());
        if (existing != null) {
            String reason = existing instanceof AddResult.IdConflict conflict ? conflict.reason()
                    : "job id '" + existing.id() + "' already exists in queue '" + node.job().queue()
                    + "'; a flow is added whole or not at all";
            return new FlowResult.Rejected(new JobRef(node.job().queue(), existing.id()), reason);
        }
        for (NewFlowNode child : node.children()) {
            FlowResult.Rejected clash = findClash(session, child);
            if (clash != null) {
                return clash;
            }
        }
        return null;
    }

    private FlowResult.Node insertNode(SqliteSession session, NewFlowNode node, Long parentSeq, Set<String> ensured)
            throws SQLException {
        JobRowWriter.Inserted inserted = rows.insert(session, node.job(), parentSeq, node.children().size(), ensured);
        if (inserted.seq() < 0) {
            throw new SQLException("flow job id '" + inserted.result().id() + "' appears twice in the flow");
        }
        AddResult.Added added = (AddResult.Added) inserted.result();
        List<FlowResult.Node> children = new ArrayList<>(node.children().size());
        for (NewFlowNode child : node.children()) {
            children.add(insertNode(session, child, inserted.seq(), ensured));
        }
        return new FlowResult.Node(new JobRef(node.job().queue(), added.id()), added.state(), children);
    }
}
