package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.spi.QueueControl;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * SQLite {@link QueueControl}: operator changes as write tasks of the writer. Stateless.
 */
final class SqliteQueueControl implements QueueControl {
    private static final String SET_PAUSED = """
            INSERT INTO queues (name, paused) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET paused = excluded.paused""";
    private static final String TARGET = "(CASE WHEN pending_children > 0 THEN 'waiting-children' ELSE "
            + SqlStates.READY_BY_PRIORITY + " END)";
    private static final String RETRY = """
            UPDATE jobs SET state = %1$s, attempts_made = 0, stalled_count = 0, finished_at = NULL, ready_at = ?,
                history = history || ? || %1$s || ?
            WHERE %2$s AND state = 'failed'""";
    private static final String STATE_OF = "SELECT state FROM jobs WHERE %s";
    private static final String REMOVE = "DELETE FROM jobs WHERE %s AND state <> 'active'";
    private static final String CLEAN_FINISHED = """
            DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND state = '%s' AND finished_at < ?
            LIMIT ?)""";
    private static final String CLEAN_PENDING = """
            DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND %s AND created_at < ? LIMIT ?)""";

    private final SqliteWriter writer;
    private final SqliteReaders readers;

    SqliteQueueControl(SqliteWriter writer, SqliteReaders readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void setPaused(String queue, boolean paused) {
        writer.execute(session -> {
            PreparedStatement update = session.prepare(SET_PAUSED);
            update.setString(1, queue);
            update.setInt(2, paused ? 1 : 0);
            return update.executeUpdate();
        });
    }

    @Override
    public boolean isPaused(String queue) {
        return readers.read(session -> SqliteClaimer.isPaused(session, queue));
    }

    @Override
    public ControlResult retry(String queue, String id, Instant now) {
        return writer.execute(session -> {
            long at = now.toEpochMilli();
            PreparedStatement update = session.prepare(RETRY.formatted(TARGET, JobKeys.where(id)));
            update.setLong(1, at);
            update.setString(2, HistoryText.head(at, JobState.FAILED));
            update.setString(3, HistoryText.tail("retried by operator"));
            JobKeys.bind(update, 4, queue, id);
            return update.executeUpdate() == 1 ? ControlResult.DONE : missingOrWrongState(session, queue, id);
        });
    }

    @Override
    public ControlResult remove(String queue, String id) {
        return writer.execute(session -> {
            PreparedStatement delete = session.prepare(REMOVE.formatted(JobKeys.where(id)));
            JobKeys.bind(delete, 1, queue, id);
            return delete.executeUpdate() == 1 ? ControlResult.DONE : missingOrWrongState(session, queue, id);
        });
    }

    private static ControlResult missingOrWrongState(SqliteSession session, String queue, String id)
            throws SQLException {
        PreparedStatement query = session.prepare(STATE_OF.formatted(JobKeys.where(id)));
        JobKeys.bind(query, 1, queue, id);
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? ControlResult.WRONG_STATE : ControlResult.NOT_FOUND;
        }
    }

    @Override
    public int clean(String queue, JobState state, Instant finishedBefore, int limit) {
        String sql = switch (state) {
            case COMPLETED, FAILED -> CLEAN_FINISHED.formatted(state.code());
            case WAITING -> CLEAN_PENDING.formatted(SqlStates.IS_READY + " AND priority = 0");
            case PRIORITIZED -> CLEAN_PENDING.formatted(SqlStates.IS_READY + " AND priority > 0");
            case DELAYED, WAITING_CHILDREN -> CLEAN_PENDING.formatted("state = '" + state.code() + "'");
            case ACTIVE -> throw new IllegalArgumentException("active jobs cannot be cleaned; they belong to workers");
        };
        return writer.execute(session -> {
            PreparedStatement delete = session.prepare(sql);
            delete.setString(1, queue);
            delete.setLong(2, finishedBefore.toEpochMilli());
            delete.setInt(3, limit);
            return delete.executeUpdate();
        });
    }
}
