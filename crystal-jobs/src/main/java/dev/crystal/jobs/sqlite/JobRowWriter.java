package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.Retention;
import dev.crystal.jobs.spi.NewJob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Inserts job rows inside the writer's transaction, de-duplicating custom ids. Stateless; runs on the
 * writer thread.
 */
final class JobRowWriter {
    private static final String FIND_CUSTOM = "SELECT seq, data, state FROM jobs WHERE queue = ? AND custom_id = ?";
    private static final String ENSURE_QUEUE = "INSERT OR IGNORE INTO queues (name) VALUES (?)";
    private static final String INSERT_HEAD = """
            INSERT INTO jobs (queue, custom_id, name, data, state, priority, run_at, ready_at, created_at,
                              max_attempts, backoff, keep_completed, keep_completed_age, keep_failed, keep_failed_age,
                              correlation_id, parent_seq, on_child_failure, pending_children, history, timeout_ms)
            VALUES\s""";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int COLUMNS = 21;
    /** LIFO jobs sort before FIFO ones of their priority, newest first. */
    private static final String MAKE_LIFO = "UPDATE jobs SET lifo_order = -seq WHERE seq = ?";
    private static final String INSERT = INSERT_HEAD + ROW + " RETURNING seq";
    /** Jobs without custom id are inserted this many per statement. */
    static final int INSERT_CHUNK = 100;

    /** A row inserted (or found); {@code seq} is -1 when nothing was inserted. */
    record Inserted(AddResult result, long seq) {
    }

    /** Looks up an existing custom id: the outcome if the id is taken, else {@code null}. */
    AddResult existing(SqliteSession session, NewJob job) throws SQLException {
        if (job.customId() == null) {
            return null;
        }
        PreparedStatement find = session.prepare(FIND_CUSTOM);
        find.setString(1, job.queue());
        find.setString(2, job.customId());
        try (ResultSet row = find.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            JobState state = JobState.ofCode(row.getString(3));
            if (row.getString(2).equals(job.dataJson())) {
                return new AddResult.AlreadyExists(job.customId(), state);
            }
            return new AddResult.IdConflict(job.customId(), "job id '" + job.customId() + "' already exists in queue '"
                    + job.queue() + "' with different data; use another id or the same data");
        }
    }

    void ensureQueue(SqliteSession session, String queue, Set<String> ensured) throws SQLException {
        if (ensured.add(queue)) {
            PreparedStatement statement = session.prepare(ENSURE_QUEUE);
            statement.setString(1, queue);
            statement.executeUpdate();
        }
    }

    Inserted insert(SqliteSession session, NewJob job, Long parentSeq, int pendingChildren, Set<String> ensured)
            throws SQLException {
        AddResult existing = existing(session, job);
        if (existing != null) {
            return new Inserted(existing, -1);
        }
        ensureQueue(session, job.queue(), ensured);
        PreparedStatement insert = session.prepare(INSERT);
        JobState state = bindRow(insert, 0, job, parentSeq, pendingChildren);
        long seq;
        try (ResultSet row = insert.executeQuery()) {
            row.next();
            seq = row.getLong(1);
        }
        if (job.lifo()) {
            PreparedStatement lifo = session.prepare(MAKE_LIFO);
            lifo.setLong(1, seq);
            lifo.executeUpdate();
        }
        return new Inserted(new AddResult.Added(JobKeys.idOf(seq, job.customId()), state), seq);
    }

    /**
     * Inserts FIFO jobs without custom id (nothing to de-duplicate) in one statement; rows get increasing
     * sequence numbers in statement order, so the returned numbers sorted ascending match the jobs in order.
     */
    List<AddResult> insertMany(SqliteSession session, List<NewJob> jobs, Set<String> ensured) throws SQLException {
        for (NewJob job : jobs) {
            ensureQueue(session, job.queue(), ensured);
        }
        PreparedStatement insert = session.prepare(INSERT_HEAD + String.join(", ", Collections.nCopies(jobs.size(), ROW))
                + " RETURNING seq");
        JobState[] states = new JobState[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            states[i] = bindRow(insert, i * COLUMNS, jobs.get(i), null, 0);
        }
        long[] seqs = new long[jobs.size()];
        int count = 0;
        try (ResultSet row = insert.executeQuery()) {
            while (row.next()) {
                seqs[count++] = row.getLong(1);
            }
        }
        if (count != jobs.size()) {
            throw new SQLException("inserted " + count + " job rows for " + jobs.size() + " jobs");
        }
        Arrays.sort(seqs);
        List<AddResult> results = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            results.add(new AddResult.Added(Long.toString(seqs[i]), states[i]));
        }
        return results;
    }

    private static JobState bindRow(PreparedStatement insert, int offset, NewJob job, Long parentSeq,
                                    int pendingChildren) throws SQLException {
        long created = job.createdAt().toEpochMilli();
        boolean delayed = job.runAt() != null && job.runAt().isAfter(job.createdAt());
        JobState state = pendingChildren > 0 ? JobState.WAITING_CHILDREN
                : delayed ? JobState.DELAYED : JobState.readyFor(job.priority());
        insert.setString(offset + 1, job.queue());
        insert.setString(offset + 2, job.customId());
        insert.setString(offset + 3, job.name());
        insert.setString(offset + 4, job.dataJson());
        insert.setString(offset + 5, state.code());
        insert.setInt(offset + 6, job.priority());
        setNullableLong(insert, offset + 7, delayed ? job.runAt().toEpochMilli() : null);
        insert.setLong(offset + 8, delayed ? job.runAt().toEpochMilli() : created);
        insert.setLong(offset + 9, created);
        insert.setInt(offset + 10, job.maxAttempts());
        insert.setString(offset + 11, job.backoff());
        bindRetention(insert, offset + 12, job.keepCompleted());
        bindRetention(insert, offset + 14, job.keepFailed());
        insert.setString(offset + 16, job.correlationId());
        setNullableLong(insert, offset + 17, parentSeq);
        insert.setString(offset + 18, job.onChildFailure().name());
        insert.setInt(offset + 19, pendingChildren);
        insert.setString(offset + 20, HistoryText.entry(created, null, state, pendingChildren > 0
                ? "added with " + pendingChildren + " children" : "added"));
        insert.setLong(offset + 21, job.timeoutMillis());
        return state;
    }

    private static void bindRetention(PreparedStatement statement, int index, Retention retention) throws SQLException {
        statement.setInt(index, retention.keepLast());
        setNullableLong(statement, index + 1, retention.maxAge() == null ? null : retention.maxAge().toMillis());
    }

    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value);
        }
    }
}
