package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.ChildFailurePolicy;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.FailedParent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a flow child's end does to its ancestors: records its return value, counts it done and releases
 * the parent at zero, or fails the parent (and on upwards) by the child's policy. Stateless; runs on the
 * writer thread inside the outcome's transaction.
 */
final class FlowParents {
    private static final String FAIL_PARENT = """
            UPDATE jobs SET state = 'failed', finished_at = ?, failed_reason = ?, history = history || ?
            WHERE seq = ? AND state = 'waiting-children'
            RETURNING seq, parent_seq, on_child_failure, queue, custom_id""";

    private static final String STORE_CHILD_VALUE =
            "INSERT OR REPLACE INTO child_values (parent_seq, child_queue, child_id, value) VALUES (?, ?, ?, ?)";

    private static final String CHILD_DONE = """
            UPDATE jobs SET pending_children = pending_children - 1
            WHERE seq = ? AND pending_children > 0
            RETURNING pending_children, state, queue, custom_id, priority, run_at""";

    private static final String RELEASE_PARENT = """
            UPDATE jobs SET state = ?, ready_at = ?, history = history || ?
            WHERE seq = ? AND state = 'waiting-children'""";
    void childCompleted(SqliteSession session, long parentSeq, long at, JobRef child, String returnValueJson,
                        ParentEffects effects) throws SQLException {
        PreparedStatement store = session.prepare(STORE_CHILD_VALUE);
        store.setLong(1, parentSeq);
        store.setString(2, child.queue());
        store.setString(3, child.id());
        store.setString(4, returnValueJson);
        store.executeUpdate();
        childDone(session, parentSeq, at, child, effects);
    }

    void childFailed(SqliteSession session, long parentSeq, ChildFailurePolicy policy, JobRef child,
                             String reason, long at, ParentEffects effects) throws SQLException {
        switch (policy) {
            case IGNORE -> childDone(session, parentSeq, at, child, effects);
            case KEEP_PARENT_WAITING -> {
            }
            case FAIL_PARENT -> {
                String parentReason = "child " + child + " failed: " + reason;
                PreparedStatement update = session.prepare(FAIL_PARENT);
                update.setLong(1, at);
                update.setString(2, parentReason);
                update.setString(3, HistoryText.entry(at, JobState.WAITING_CHILDREN, JobState.FAILED, parentReason));
                update.setLong(4, parentSeq);
                long grandParent;
                ChildFailurePolicy parentPolicy;
                JobRef parent;
                try (ResultSet row = update.executeQuery()) {
                    if (!row.next()) {
                        return;
                    }
                    parent = new JobRef(row.getString(4), JobKeys.idOf(row.getLong(1), row.getString(5)));
                    effects.failed.add(new FailedParent(parent, parentReason));
                    grandParent = row.getLong(2);
                    if (row.wasNull()) {
                        return;
                    }
                    parentPolicy = ChildFailurePolicy.valueOf(row.getString(3));
                }
                childFailed(session, grandParent, parentPolicy, parent, parentReason, at, effects);
            }
        }
    }

    private void childDone(SqliteSession session, long parentSeq, long at, JobRef child, ParentEffects effects)
            throws SQLException {
        PreparedStatement update = session.prepare(CHILD_DONE);
        update.setLong(1, parentSeq);
        int pending;
        JobState state;
        JobRef parent;
        int priority;
        Long runAt;
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return;
            }
            pending = row.getInt(1);
            state = JobState.ofCode(row.getString(2));
            parent = new JobRef(row.getString(3), JobKeys.idOf(parentSeq, row.getString(4)));
            priority = row.getInt(5);
            long run = row.getLong(6);
            runAt = row.wasNull() ? null : run;
        }
        if (pending > 0 || state != JobState.WAITING_CHILDREN) {
            return;
        }
        boolean delayed = runAt != null && runAt > at;
        JobState next = delayed ? JobState.DELAYED : JobState.readyFor(priority);
        PreparedStatement release = session.prepare(RELEASE_PARENT);
        release.setString(1, next.code());
        release.setLong(2, delayed ? runAt : at);
        release.setString(3, HistoryText.entry(at, JobState.WAITING_CHILDREN, next, "children done (last " + child + ")"));
        release.setLong(4, parentSeq);
        release.executeUpdate();
        if (!delayed) {
            effects.readied.add(parent);
        }
    }
}
