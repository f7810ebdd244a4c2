package dev.crystal.jobs.spi;

import java.util.Optional;

/**
 * A job store: a bundle of narrow ports over one durable backend. The SQLite store is embedded; a Redis
 * store implements the same ports with Lua scripts, one hash tag per store. Every implementation must
 * pass {@code JobStoreContract}. Thread-safe.
 */
public interface JobStore extends AutoCloseable {

    /** Adds jobs and flows. */
    JobAppender appender();

    /** Worker hot path. */
    JobClaimer claimer();

    /** Progress and logs. */
    JobReporter reporter();

    /** Stalled-job recovery. */
    StallSweeper stalls();

    /** Read-only views. */
    JobInspector inspector();

    /** Operator changes. */
    QueueControl control();

    /** Schedules. */
    ScheduleStore schedules();

    /** The queues' durable event logs, written with every state change. */
    JobEventLog eventLog();

    /**
     * Rate-limit windows shared by every engine on this store, if the store is shared by several processes.
     * Empty (the default) means the engine counts windows in its own process.
     */
    default Optional<SharedRateLimits> sharedRateLimits() {
        return Optional.empty();
    }

    /** Releases the backend; pending writes are committed first. */
    @Override
    void close();
}
