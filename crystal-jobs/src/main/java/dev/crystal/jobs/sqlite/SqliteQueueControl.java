package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.ControlResult;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.ObliterateResult;
import dev.crystal.jobs.spi.QueueControl;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
            LIMIT ?) RETURNING seq, custom_id""";
    private static final String CLEAN_PENDING = """
            DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE queue = ? AND %s AND created_at < ? LIMIT ?)
            RETURNING seq, custom_id""";
    private static final String PROMOTE = """
            UPDATE jobs SET state = %1$s, run_at = ?, ready_at = ?, history = history || ? || %1$s || ?
            WHERE %2$s AND state = 'delayed'""";
    private static final String UPDATE_DATA =
            "UPDATE jobs SET data = ? WHERE %s AND state NOT IN ('completed', 'failed')";
    private static final String COUNT_ACTIVE = "SELECT count(*) FROM jobs WHERE state = 'active' AND queue = ?";
    private static final String DELETE_QUEUE_JOBS = "DELETE FROM jobs WHERE queue = ?";
    private static final String DELETE_QUEUE = "DELETE FROM queues WHERE name = ?";
    private static final String DELETE_QUEUE_SCHEDULES = "DELETE FROM schedules WHERE queue = ?";

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
    public ControlResult promote(String queue, String id, Instant now) {
        return writer.execute(session -> {
            long at = now.toEpochMilli();
            PreparedStatement update = session.prepare(PROMOTE.formatted(SqlStates.READY_BY_PRIORITY, JobKeys.where(id)));
            update.setLong(1, at);
            update.setLong(2, at);
            update.setString(3, HistoryText.head(at, JobState.DELAYED));
            update.setString(4, HistoryText.tail("promoted by operator"));
            JobKeys.bind(update, 5, queue, id);
            return update.executeUpdate() == 1 ? ControlResult.DONE : missingOrWrongState(session, queue, id);
        });
    }

    @Override
    public ControlResult updateData(String queue, String id, String dataJson) {
        return writer.execute(session -> {
            PreparedStatement update = session.prepare(UPDATE_DATA.formatted(JobKeys.where(id)));
            update.setString(1, dataJson);
            JobKeys.bind(update, 2, queue, id);
            return update.executeUpdate() == 1 ? ControlResult.DONE : missingOrWrongState(session, queue, id);
        });
    }

    @Override
    public ObliterateResult obliterate(String queue, boolean force) {
        return writer.execute(session -> {
            PreparedStatement count = session.prepare(COUNT_ACTIVE);
            count.setString(1, queue);
            long active;
            try (ResultSet row = count.executeQuery()) {
                active = row.next() ? row.getLong(1) : 0;
            }
            if (active > 0 && !force) {
                return new ObliterateResult.ActiveJobs(queue, active);
            }
            PreparedStatement jobs = session.prepare(DELETE_QUEUE_JOBS);
            jobs.setString(1, queue);
            long removed = jobs.executeUpdate();
            PreparedStatement settings = session.prepare(DELETE_QUEUE);
            settings.setString(1, queue);
            settings.executeUpdate();
            PreparedStatement schedules = session.prepare(DELETE_QUEUE_SCHEDULES);
            schedules.setString(1, queue);
            int schedulesRemoved = schedules.executeUpdate();
            return new ObliterateResult.Obliterated(queue, removed, schedulesRemoved);
        });
    }

    @Override
    public List<String> clean(String queue, JobState state, Instant finishedBefore, int limit) {
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
            List<String> ids = new ArrayList<>();
            try (ResultSet row = delete.executeQuery()) {
                while (row.next()) {
                    ids.add(JobKeys.idOf(row.getLong(1), row.getString(2)));
                }
            }
            return ids;
        });
    }
}
