package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import dev.crystal.jobs.QueueCounts;
import dev.crystal.jobs.spi.JobInspector;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQLite {@link JobInspector} over the read-connection pool; every query is shaped to use a partial
 * index. Stateless.
 */
final class SqliteInspector implements JobInspector {
    private static final String VIEW = """
            SELECT j.seq, j.queue, j.custom_id, j.name, j.data, j.state, j.priority, j.max_attempts, j.attempts_made,
                j.attempts_started, j.stalled_count, j.progress, j.return_value, j.failed_reason, j.correlation_id,
                p.queue, p.seq, p.custom_id, j.pending_children, j.created_at, j.run_at, j.processed_at,
                j.finished_at, j.history
            FROM jobs j LEFT JOIN jobs p ON p.seq = j.parent_seq""" + " WHERE ";
    private static final Map<JobState, String> LIST = Map.copyOf(new EnumMap<>(Map.of(
            JobState.WAITING, "j.queue = ? AND j." + SqlStates.IS_READY + " AND j.priority = 0 ORDER BY j.lifo_order, j.seq",
            JobState.PRIORITIZED, "j.queue = ? AND j." + SqlStates.IS_READY + " AND j.priority > 0 ORDER BY j.priority, j.lifo_order, j.seq",
            JobState.DELAYED, "j.queue = ? AND j.state = 'delayed' ORDER BY j.run_at, j.seq",
            JobState.ACTIVE, "j.state = 'active' AND j.queue = ? ORDER BY j.processed_at, j.seq",
            JobState.COMPLETED, "j.queue = ? AND j.state = 'completed' ORDER BY j.finished_at DESC, j.seq DESC",
            JobState.FAILED, "j.queue = ? AND j.state = 'failed' ORDER BY j.finished_at DESC, j.seq DESC",
            JobState.WAITING_CHILDREN, "j.queue = ? AND j.state = 'waiting-children' ORDER BY j.seq")));
    private static final Map<JobState, String> COUNT = Map.copyOf(new EnumMap<>(Map.of(
            JobState.WAITING, "queue = ? AND " + SqlStates.IS_READY + " AND priority = 0",
            JobState.PRIORITIZED, "queue = ? AND " + SqlStates.IS_READY + " AND priority > 0",
            JobState.DELAYED, "queue = ? AND state = 'delayed'",
            JobState.ACTIVE, "state = 'active' AND queue = ?",
            JobState.COMPLETED, "queue = ? AND state = 'completed'",
            JobState.FAILED, "queue = ? AND state = 'failed'",
            JobState.WAITING_CHILDREN, "queue = ? AND state = 'waiting-children'")));
    private static final String SEQ_OF = "SELECT seq FROM jobs WHERE %s";
    private static final String LOGS = "SELECT line FROM job_logs WHERE seq = ? ORDER BY rowid";
    private static final String CHILD_VALUES =
            "SELECT child_queue, child_id, value FROM child_values WHERE parent_seq = ? ORDER BY child_queue, child_id";
    private static final String QUEUES = "SELECT name FROM queues ORDER BY name";

    private final SqliteReaders readers;

    SqliteInspector(SqliteReaders readers) {
        this.readers = readers;
    }

    @Override
    public Optional<JobView> job(String queue, String id) {
        return readers.read(session -> {
            PreparedStatement query = session.prepare(VIEW + JobKeys.where(id).replace("queue", "j.queue")
                    .replace("seq", "j.seq").replace("custom_id", "j.custom_id"));
            JobKeys.bind(query, 1, queue, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(view(row)) : Optional.empty();
            }
        });
    }

    @Override
    public List<String> logs(String queue, String id) {
        return readers.read(session -> {
            long seq = seqOf(session, queue, id);
            List<String> lines = new ArrayList<>();
            if (seq < 0) {
                return lines;
            }
            PreparedStatement query = session.prepare(LOGS);
            query.setLong(1, seq);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    lines.add(row.getString(1));
                }
            }
            return lines;
        });
    }

    @Override
    public QueueCounts counts(String queue) {
        return readers.read(session -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (Map.Entry<JobState, String> entry : COUNT.entrySet()) {
                PreparedStatement query = session.prepare("SELECT count(*) FROM jobs WHERE " + entry.getValue());
                query.setString(1, queue);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    counts.put(entry.getKey(), row.getLong(1));
                }
            }
            return new QueueCounts(queue, counts, SqliteClaimer.isPaused(session, queue));
        });
    }

    @Override
    public List<JobView> list(String queue, JobState state, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0 but were " + offset + ", " + limit);
        }
        return readers.read(session -> {
            PreparedStatement query = session.prepare(VIEW + LIST.get(state) + " LIMIT ? OFFSET ?");
            query.setString(1, queue);
            query.setInt(2, limit);
            query.setInt(3, offset);
            List<JobView> views = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    views.add(view(row));
                }
            }
            return views;
        });
    }

    @Override
    public Map<JobRef, String> childrenValues(String queue, String parentId) {
        return readers.read(session -> {
            Map<JobRef, String> values = new LinkedHashMap<>();
            long seq = seqOf(session, queue, parentId);
            if (seq < 0) {
                return values;
            }
            PreparedStatement query = session.prepare(CHILD_VALUES);
            query.setLong(1, seq);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    values.put(new JobRef(row.getString(1), row.getString(2)), row.getString(3));
                }
            }
            return values;
        });
    }

    @Override
    public List<String> queueNames() {
        return readers.read(session -> {
            List<String> names = new ArrayList<>();
            try (ResultSet row = session.prepare(QUEUES).executeQuery()) {
                while (row.next()) {
                    names.add(row.getString(1));
                }
            }
            return names;
        });
    }

    static long seqOf(SqliteSession session, String queue, String id) throws SQLException {
        PreparedStatement query = session.prepare(SEQ_OF.formatted(JobKeys.where(id)));
        JobKeys.bind(query, 1, queue, id);
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : -1;
        }
    }

    private static JobView view(ResultSet row) throws SQLException {
        long seq = row.getLong(1);
        JobRef ref = new JobRef(row.getString(2), JobKeys.idOf(seq, row.getString(3)));
        String parentQueue = row.getString(16);
        JobRef parent = parentQueue == null ? null
                : new JobRef(parentQueue, JobKeys.idOf(row.getLong(17), row.getString(18)));
        return new JobView(ref, row.getString(4), row.getString(5), JobState.ofCode(row.getString(6)), row.getInt(7),
                row.getInt(8), row.getInt(9), row.getInt(10), row.getInt(11), row.getString(12), row.getString(13),
                row.getString(14), row.getString(15), parent, row.getInt(19), instant(row, 20), instant(row, 21),
                instant(row, 22), instant(row, 23), HistoryText.parse(row.getString(24)));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
