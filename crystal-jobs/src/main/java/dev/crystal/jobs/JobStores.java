package dev.crystal.jobs;

import dev.crystal.jobs.spi.JobEventLog;
import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.sqlite.SqliteEventLog;
import dev.crystal.jobs.sqlite.SqliteJobStore;
import java.nio.file.Path;

/**
 * The job stores this module ships, behind the SPI they implement: the embedded SQLite store (one file, WAL,
 * group commit; schema by Flyway). The store's package is not exported (module-info): open it here. Stateless.
 */
public final class JobStores {
    /** Queue events kept per queue by default: 10,000. */
    public static final int DEFAULT_EVENTS_MAX_LEN = SqliteJobStore.DEFAULT_EVENTS_MAX_LEN;

    private JobStores() {
    }

    /**
     * Opens (creating or migrating) the embedded store in {@code file}, keeping {@link #DEFAULT_EVENTS_MAX_LEN}
     * queue events per queue.
     *
     * @throws RuntimeException if the file cannot be opened or migrated (the message names the file)
     */
    public static JobStore sqlite(Path file) {
        return SqliteJobStore.open(file);
    }

    /**
     * Opens the embedded store in {@code file} keeping about {@code eventsMaxLen} queue events per queue (0: none).
     *
     * @throws IllegalArgumentException if {@code eventsMaxLen} is negative
     */
    public static JobStore sqlite(Path file, int eventsMaxLen) {
        return SqliteJobStore.open(file, eventsMaxLen);
    }

    /** The queue events of the embedded store in {@code file}, read-only (another process may be writing them). */
    public static ReadOnlyEvents sqliteEvents(Path file) {
        return SqliteEventLog.openReadOnly(file);
    }

    /** A store's queue events opened read-only; close it to release the file. */
    public interface ReadOnlyEvents extends JobEventLog, AutoCloseable {
        @Override
        void close();
    }
}
