package dev.crystal.jobs.sqlite;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.spi.JobStorePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;

/**
 * The embedded, durable job store: one SQLite file in WAL mode with {@code synchronous=FULL}, schema by
 * Flyway ({@code classpath:db/jobstore}, history table {@code crystal_jobs_schema_history}). All writes go
 * through one writer thread that group-commits whatever is queued; reads use a small connection pool.
 * Thread-safe.
 */
public final class SqliteJobStore implements JobStore {
    /** Read connections kept open. */
    public static final int READERS = 2;

    private final SqliteWriter writer;
    private final SqliteReaders readers;
    private final SqliteCheckpointer checkpointer;
    private final JobStorePorts ports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteJobStore(SqliteWriter writer, SqliteReaders readers, SqliteCheckpointer checkpointer) {
        this.writer = writer;
        this.readers = readers;
        this.checkpointer = checkpointer;
        JobRowWriter rows = new JobRowWriter();
        JobFinisher finisher = new JobFinisher();
        SqliteAppender appender = new SqliteAppender(writer, rows);
        SqliteClaimer claimer = new SqliteClaimer(writer, finisher);
        SqliteReporter reporter = new SqliteReporter(writer);
        SqliteStallSweeper stalls = new SqliteStallSweeper(writer, finisher);
        SqliteInspector inspector = new SqliteInspector(readers);
        SqliteQueueControl control = new SqliteQueueControl(writer, readers);
        SqliteScheduleStore schedules = new SqliteScheduleStore(writer, readers, appender);
        SqliteEventLog eventLog = new SqliteEventLog(readers, false);
        this.ports = new JobStorePorts(appender, claimer, reporter, stalls, inspector, control, schedules, eventLog);
    }

    /** Queue events kept per queue by default. */
    public static final int DEFAULT_EVENTS_MAX_LEN = 10_000;
    /** Flyway's history of this store's migrations. */
    static final String HISTORY_TABLE = "crystal_jobs_schema_history";

    /**
     * Opens (creating it and its directory, and migrating, if needed) the store in {@code file}, keeping
     * about {@link #DEFAULT_EVENTS_MAX_LEN} queue events per queue.
     *
     * @throws SqliteStoreException if the file cannot be opened or migrated
     */
    public static SqliteJobStore open(Path file) {
        return open(file, DEFAULT_EVENTS_MAX_LEN);
    }

    /**
     * Opens the store in {@code file} keeping about {@code eventsMaxLen} queue events per queue (0: write no
     * events). The setting is stored in the file, so the last process to open it decides.
     *
     * @throws IllegalArgumentException if {@code eventsMaxLen} is negative
     * @throws SqliteStoreException     if the file cannot be opened or migrated
     */
    public static SqliteJobStore open(Path file, int eventsMaxLen) {
        if (eventsMaxLen < 0) {
            throw new IllegalArgumentException("eventsMaxLen must be 0 (no events) or more, was " + eventsMaxLen);
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SqliteStoreException("cannot create the directory of job store " + file + ": " + e, e);
        }
        SqliteConnections connections = new SqliteConnections(file);
        try {
            try (Connection c = DriverManager.getConnection(connections.url())) {
                JobOperationsMigration.relabelAppliedSqlFile(c, HISTORY_TABLE);
            }
            Flyway.configure()
                    .dataSource(connections.url(), "", "")
                    .locations("classpath:db/jobstore")
                    .javaMigrations(new JobOperationsMigration())
                    .table(HISTORY_TABLE)
                    .load()
                    .migrate();
            SqliteSession writeSession = connections.openWriter();
            SqliteReaders readers = new SqliteReaders(connections, READERS);
            SqliteCheckpointer checkpointer = new SqliteCheckpointer(connections.openCheckpointer(),
                    Path.of(file.toAbsolutePath() + "-wal"));
            SqliteJobStore store = new SqliteJobStore(new SqliteWriter(writeSession, "crystal-jobs-writer"), readers,
                    checkpointer);
            store.writer.execute(session -> {
                PreparedStatement update = session.prepare("UPDATE job_events_settings SET max_len = ?");
                update.setInt(1, eventsMaxLen);
                return update.executeUpdate();
            });
            return store;
        } catch (SQLException | RuntimeException e) {
            throw new SqliteStoreException("cannot open job store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JobStorePorts ports() {
        return ports;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writer.close();
            readers.close();
            checkpointer.close();
        }
    }
}
