package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.ChildFailurePolicy;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.FinishResult;
import dev.crystal.jobs.spi.JobOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies attempt outcomes and their consequences for flow parents inside the writer's transaction.
 * Stateless; runs on the writer thread.
 */
final class JobFinisher {
    private final FlowParents parents = new FlowParents();
    private static final String LOCK_HELD = " AND state = 'active' AND lock_token = ?";

    private static final String COMPLETE = """
            UPDATE jobs SET state = 'completed', finished_at = ?, return_value = ?, attempts_made = attempts_made + 1,
                lock_token = NULL, lock_until = NULL, history = history || ?
            WHERE %s""" + LOCK_HELD + " RETURNING seq, parent_seq, keep_completed, keep_completed_age";

    private static final String RETRY = """
            UPDATE jobs SET state = (CASE WHEN ? = 1 THEN 'delayed' ELSE %1$s END), run_at = ?, ready_at = ?,
                failed_reason = ?, attempts_made = attempts_made + 1, lock_token = NULL, lock_until = NULL,
                history = history || ? || (CASE WHEN ? = 1 THEN 'delayed' ELSE %1$s END) || ?
            WHERE %2$s""" + LOCK_HELD + " RETURNING state";

    private static final String FAIL = """
            UPDATE jobs SET state = 'failed', finished_at = ?, failed_reason = ?, attempts_made = attempts_made + 1,
                lock_token = NULL, lock_until = NULL, history = history || ?
            WHERE %s""" + LOCK_HELD + " RETURNING seq, parent_seq, on_child_failure, keep_failed, keep_failed_age";

    private static final String FAIL_STALLED = """
            UPDATE jobs SET state = 'failed', finished_at = ?, failed_reason = ?, stalled_count = stalled_count + 1,
                lock_token = NULL, lock_until = NULL, history = history || ?
            WHERE seq = ? AND state = 'active'
            RETURNING seq, parent_seq, on_child_failure, keep_failed, keep_failed_age, queue""";


    private static final String RELEASE = """
            UPDATE jobs SET state = %1$s, lock_token = NULL, lock_until = NULL,
                attempts_started = attempts_started - 1, history = history || ? || %1$s || ?
            WHERE %%s""".formatted(SqlStates.READY_BY_PRIORITY) + LOCK_HELD + " RETURNING state";
    private static final String DELETE = "DELETE FROM jobs WHERE seq = ?";
    private static final String[] RELEASE_BY_KEY = JobKeys.variants(RELEASE);
    private static final String[] COMPLETE_BY_KEY = JobKeys.variants(COMPLETE);
    private static final String[] FAIL_BY_KEY = JobKeys.variants(FAIL);
    private static final String[] RETRY_BY_KEY = JobKeys.variants(RETRY.replace("%1$s", SqlStates.READY_BY_PRIORITY)
            .replace("%2$s", "%s"));

    /** Most completions of a batch go through one statement per this many jobs. */
    static final int COMPLETE_CHUNK = 100;

    private static final String COMPLETE_MANY = """
            UPDATE jobs SET state = 'completed', finished_at = v.column3, return_value = v.column4,
                attempts_made = attempts_made + 1, lock_token = NULL, lock_until = NULL, history = history || v.column5
            FROM (VALUES %s) AS v
            WHERE jobs.seq = v.column1 AND jobs.queue = ? AND jobs.state = 'active' AND jobs.lock_token = v.column2
            RETURNING seq, parent_seq, keep_completed, keep_completed_age""";

    private record CompletedRow(long seq, long parentSeq, int keepLast, Long keepAge) {
    }

    /**
     * Applies outcomes in any order (each job appears once): completions of jobs with generated ids in
     * statements of up to {@link #COMPLETE_CHUNK} rows, the rest one by one.
     *
     * @return one result per outcome, in the order given
     */
    List<FinishResult> applyAll(SqliteSession session, String queue, List<JobOutcome> outcomes, RetentionTrims trims)
            throws SQLException {
        FinishResult[] results = new FinishResult[outcomes.size()];
        List<Integer> batch = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            JobOutcome outcome = outcomes.get(i);
            if (outcome instanceof JobOutcome.Completed && JobKeys.isGenerated(outcome.jobId())) {
                batch.add(i);
            } else {
                results[i] = apply(session, queue, outcome, trims);
            }
        }
        for (int from = 0; from < batch.size(); from += COMPLETE_CHUNK) {
            completeMany(session, queue, outcomes, batch.subList(from, Math.min(batch.size(), from + COMPLETE_CHUNK)),
                    results, trims);
        }
        return List.of(results);
    }

    private void completeMany(SqliteSession session, String queue, List<JobOutcome> outcomes, List<Integer> chunk,
                              FinishResult[] results, RetentionTrims trims) throws SQLException {
        PreparedStatement update = session.prepare(COMPLETE_MANY.formatted(
                String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"))));
        int index = 1;
        for (int position : chunk) {
            JobOutcome.Completed outcome = (JobOutcome.Completed) outcomes.get(position);
            long at = outcome.at().toEpochMilli();
            update.setLong(index++, Long.parseLong(outcome.jobId()));
            update.setString(index++, outcome.lockToken());
            update.setLong(index++, at);
            update.setString(index++, outcome.returnValueJson());
            update.setString(index++, HistoryText.entry(at, JobState.ACTIVE, JobState.COMPLETED, "completed"));
        }
        update.setString(index, queue);
        Map<Long, CompletedRow> applied = new HashMap<>();
        try (ResultSet row = update.executeQuery()) {
            while (row.next()) {
                long seq = row.getLong(1);
                long parentSeq = row.getLong(2);
                parentSeq = row.wasNull() ? -1 : parentSeq;
                int keepLast = row.getInt(3);
                long age = row.getLong(4);
                applied.put(seq, new CompletedRow(seq, parentSeq, keepLast, row.wasNull() ? null : age));
            }
        }
        for (int position : chunk) {
            JobOutcome.Completed outcome = (JobOutcome.Completed) outcomes.get(position);
            CompletedRow row = applied.get(Long.parseLong(outcome.jobId()));
            results[position] = row == null ? new FinishResult.LockLost(outcome.jobId())
                    : afterCompletion(session, queue, outcome, row.seq, row.parentSeq, row.keepLast, row.keepAge, trims);
        }
    }

    FinishResult apply(SqliteSession session, String queue, JobOutcome outcome, RetentionTrims trims)
            throws SQLException {
        return switch (outcome) {
            case JobOutcome.Completed completed -> complete(session, queue, completed, trims);
            case JobOutcome.Failed failed when failed.retryAt() != null -> retry(session, queue, failed);
            case JobOutcome.Failed failed -> fail(session, queue, failed, trims);
            case JobOutcome.Released released -> release(session, queue, released);
        };
    }

    private FinishResult release(SqliteSession session, String queue, JobOutcome.Released outcome)
            throws SQLException {
        long at = outcome.at().toEpochMilli();
        PreparedStatement update = session.prepare(JobKeys.pick(RELEASE_BY_KEY, outcome.jobId()));
        update.setString(1, HistoryText.head(at, JobState.ACTIVE));
        update.setString(2, HistoryText.tail("released unstarted by a closing worker"));
        int next = JobKeys.bind(update, 3, queue, outcome.jobId());
        update.setString(next, outcome.lockToken());
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return new FinishResult.LockLost(outcome.jobId());
            }
            JobState state = JobState.ofCode(row.getString(1));
            return new FinishResult.Applied(outcome.jobId(), state, List.of(new JobRef(queue, outcome.jobId())), List.of());
        }
    }

    private FinishResult complete(SqliteSession session, String queue, JobOutcome.Completed outcome,
                                  RetentionTrims trims) throws SQLException {
        long at = outcome.at().toEpochMilli();
        PreparedStatement update = session.prepare(JobKeys.pick(COMPLETE_BY_KEY, outcome.jobId()));
        update.setLong(1, at);
        update.setString(2, outcome.returnValueJson());
        update.setString(3, HistoryText.entry(at, JobState.ACTIVE, JobState.COMPLETED, "completed"));
        int next = JobKeys.bind(update, 4, queue, outcome.jobId());
        update.setString(next, outcome.lockToken());
        long seq;
        long parentSeq;
        int keepLast;
        Long keepAge;
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return new FinishResult.LockLost(outcome.jobId());
            }
            seq = row.getLong(1);
            parentSeq = row.getLong(2);
            parentSeq = row.wasNull() ? -1 : parentSeq;
            keepLast = row.getInt(3);
            long age = row.getLong(4);
            keepAge = row.wasNull() ? null : age;
        }
        return afterCompletion(session, queue, outcome, seq, parentSeq, keepLast, keepAge, trims);
    }

    private FinishResult afterCompletion(SqliteSession session, String queue, JobOutcome.Completed outcome, long seq,
                                         long parentSeq, int keepLast, Long keepAge, RetentionTrims trims)
            throws SQLException {
        long at = outcome.at().toEpochMilli();
        ParentEffects effects = new ParentEffects();
        if (parentSeq >= 0) {
            JobRef child = new JobRef(queue, outcome.jobId());
            parents.childCompleted(session, parentSeq, at, child, outcome.returnValueJson(), effects);
        }
        retain(session, seq, queue, JobState.COMPLETED, keepLast, keepAge, trims);
        return new FinishResult.Applied(outcome.jobId(), JobState.COMPLETED, effects.readied, effects.failed);
    }

    private FinishResult retry(SqliteSession session, String queue, JobOutcome.Failed outcome) throws SQLException {
        long at = outcome.at().toEpochMilli();
        long retryAt = outcome.retryAt().toEpochMilli();
        int delayed = retryAt > at ? 1 : 0;
        PreparedStatement update = session.prepare(JobKeys.pick(RETRY_BY_KEY, outcome.jobId()));
        update.setInt(1, delayed);
        JobRowWriter.setNullableLong(update, 2, delayed == 1 ? retryAt : null);
        update.setLong(3, Math.max(retryAt, at));
        update.setString(4, outcome.reason());
        update.setString(5, HistoryText.head(at, JobState.ACTIVE));
        update.setInt(6, delayed);
        update.setString(7, HistoryText.tail("retry: " + outcome.reason()));
        int next = JobKeys.bind(update, 8, queue, outcome.jobId());
        update.setString(next, outcome.lockToken());
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return new FinishResult.LockLost(outcome.jobId());
            }
            return FinishResult.Applied.of(outcome.jobId(), JobState.ofCode(row.getString(1)));
        }
    }

    private FinishResult fail(SqliteSession session, String queue, JobOutcome.Failed outcome, RetentionTrims trims)
            throws SQLException {
        long at = outcome.at().toEpochMilli();
        PreparedStatement update = session.prepare(JobKeys.pick(FAIL_BY_KEY, outcome.jobId()));
        update.setLong(1, at);
        update.setString(2, outcome.reason());
        update.setString(3, HistoryText.entry(at, JobState.ACTIVE, JobState.FAILED, outcome.reason()));
        int next = JobKeys.bind(update, 4, queue, outcome.jobId());
        update.setString(next, outcome.lockToken());
        ParentEffects effects = new ParentEffects();
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return new FinishResult.LockLost(outcome.jobId());
            }
            afterFinalFailure(session, row, queue, outcome.jobId(), outcome.reason(), at, trims, effects);
        }
        return new FinishResult.Applied(outcome.jobId(), JobState.FAILED, effects.readied, effects.failed);
    }

    /** Fails an active job whose lock expired once too often; returns its effects on parents, or null if gone. */
    ParentEffects failStalled(SqliteSession session, long seq, String id, String reason, long at, RetentionTrims trims)
            throws SQLException {
        PreparedStatement update = session.prepare(FAIL_STALLED);
        update.setLong(1, at);
        update.setString(2, reason);
        update.setString(3, HistoryText.entry(at, JobState.ACTIVE, JobState.FAILED, reason));
        update.setLong(4, seq);
        ParentEffects effects = new ParentEffects();
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            afterFinalFailure(session, row, row.getString(6), id, reason, at, trims, effects);
        }
        return effects;
    }

    /** Reads {@code seq, parent_seq, on_child_failure, keep_failed, keep_failed_age} from {@code row}. */
    private void afterFinalFailure(SqliteSession session, ResultSet row, String queue, String id, String reason,
                                   long at, RetentionTrims trims, ParentEffects effects) throws SQLException {
        long seq = row.getLong(1);
        long parentSeq = row.getLong(2);
        boolean hasParent = !row.wasNull();
        ChildFailurePolicy policy = ChildFailurePolicy.valueOf(row.getString(3));
        int keepLast = row.getInt(4);
        long age = row.getLong(5);
        Long keepAge = row.wasNull() ? null : age;
        if (hasParent) {
            parents.childFailed(session, parentSeq, policy, new JobRef(queue, id), reason, at, effects);
        }
        retain(session, seq, queue, JobState.FAILED, keepLast, keepAge, trims);
    }

    private void retain(SqliteSession session, long seq, String queue, JobState state, int keepLast, Long keepAge,
                        RetentionTrims trims) throws SQLException {
        if (keepLast == 0) {
            PreparedStatement delete = session.prepare(DELETE);
            delete.setLong(1, seq);
            delete.executeUpdate();
        } else {
            trims.add(queue, state, keepLast, keepAge);
        }
    }
}
