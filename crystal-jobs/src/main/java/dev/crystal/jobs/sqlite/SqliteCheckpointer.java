package dev.crystal.jobs.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the database file on its own thread and connection, so commits
 * never pay for a checkpoint (the writer connection runs with {@code wal_autocheckpoint=0}). Passive
 * checkpoints never block the writer but cannot reset a log that is written to without pause, so once
 * the log passes {@link #TRUNCATE_ABOVE_BYTES} a truncating checkpoint briefly holds the writer back and
 * resets it. The checkpointer thread owns its connection.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Log size above which the checkpoint truncates the log. */
    static final long TRUNCATE_ABOVE_BYTES = 64L * 1024 * 1024;

    private final SqliteSession session;
    private final Path walFile;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    SqliteCheckpointer(SqliteSession session, Path walFile) {
        this.session = session;
        this.walFile = walFile;
        this.thread = Thread.ofPlatform().name("crystal-jobs-checkpointer").daemon(true).start(this::loop);
    }

    private void loop() {
        while (!closed.get()) {
            LockSupport.parkNanos(this, INTERVAL_NANOS);
            checkpoint(walBytes() > TRUNCATE_ABOVE_BYTES ? "TRUNCATE" : "PASSIVE");
        }
        checkpoint("TRUNCATE");
        session.close();
    }

    private long walBytes() {
        try {
            return Files.exists(walFile) ? Files.size(walFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void checkpoint(String mode) {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            LOG.debug("wal checkpoint ({}) did not run: {}", mode, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
