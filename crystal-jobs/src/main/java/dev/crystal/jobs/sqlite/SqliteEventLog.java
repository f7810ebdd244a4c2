package dev.crystal.jobs.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.JobStores;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEventKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQLite queue event log: the {@code job_events} table, which triggers fill in the same transaction
 * as each job change. The store reads it through its read pool; another process opens the same file
 * read-only with {@link #openReadOnly(Path)} (WAL lets it read while the store writes) and polls by id.
 * Thread-safe: every read borrows a connection from a pool.
 */
public final class SqliteEventLog implements JobStores.ReadOnlyEvents {
    private static final String READ = """
            SELECT id, job_id, kind, at, data FROM job_events WHERE queue = ? AND id > ? ORDER BY id LIMIT ?""";
    private static final String LAST = "SELECT max(id) FROM job_events WHERE queue = ?";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {
    };

    private final SqliteReaders readers;
    private final boolean owned;

    SqliteEventLog(SqliteReaders readers, boolean owned) {
        this.readers = readers;
        this.owned = owned;
    }

    /**
     * Opens the event log of the job store file {@code file} read-only, for a process that does not run the
     * store (it takes no write lock and runs no migration).
     *
     * @throws SqliteStoreException if the file does not exist or holds no job events table
     */
    public static SqliteEventLog openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SqliteStoreException("no job store file " + file.toAbsolutePath(), null);
        }
        SqliteConnections connections = new SqliteConnections(file);
        try {
            SqliteEventLog log = new SqliteEventLog(new SqliteReaders(connections::openReadOnly, 1), true);
            log.lastId("");
            return log;
        } catch (SQLException | RuntimeException e) {
            throw new SqliteStoreException("cannot read the job events of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<QueueEvent> read(String queue, long afterId, int max) {
        return readers.read(session -> {
            PreparedStatement select = session.prepare(READ);
            select.setString(1, queue);
            select.setLong(2, afterId);
            select.setInt(3, max);
            List<QueueEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(new QueueEvent(row.getLong(1), queue, row.getString(2),
                            QueueEventKind.ofCode(row.getString(3)), Instant.ofEpochMilli(row.getLong(4)),
                            data(row.getString(5))));
                }
            }
            return events;
        });
    }

    @Override
    public long lastId(String queue) {
        return readers.read(session -> {
            PreparedStatement select = session.prepare(LAST);
            select.setString(1, queue);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    private static Map<String, String> data(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, DATA);
        } catch (IOException e) {
            throw new SQLException("unreadable event data " + json, e);
        }
    }

    /** Closes the connection of a log opened with {@link #openReadOnly}; the store's own log closes with it. */
    @Override
    public void close() {
        if (owned) {
            readers.close();
        }
    }
}
