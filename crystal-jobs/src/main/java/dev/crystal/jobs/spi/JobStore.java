package dev.crystal.jobs.spi;

import java.util.Optional;

/**
 * A job store: a bundle of narrow ports over one durable backend. The SQLite store is embedded; a Redis
 * store implements the same ports with Lua scripts, one hash tag per store. Every implementation must
 * pass {@code JobStoreContract}. Thread-safe.
 */
public interface JobStore extends AutoCloseable {

    /** The store's ports, built once; the accessors below read from it. */
    JobStorePorts ports();

    /** Adds jobs and flows. */
    default JobAppender appender() {
        return ports().appender();
    }

    /** Worker hot path. */
    default JobClaimer claimer() {
        return ports().claimer();
    }

    /** Progress and logs. */
    default JobReporter reporter() {
        return ports().reporter();
    }

    /** Stalled-job recovery. */
    default StallSweeper stalls() {
        return ports().stalls();
    }

    /** Read-only views. */
    default JobInspector inspector() {
        return ports().inspector();
    }

    /** Operator changes. */
    default QueueControl control() {
        return ports().control();
    }

    /** Schedules. */
    default ScheduleStore schedules() {
        return ports().schedules();
    }

    /** The queues' durable event logs, written with every state change. */
    default JobEventLog eventLog() {
        return ports().eventLog();
    }

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
