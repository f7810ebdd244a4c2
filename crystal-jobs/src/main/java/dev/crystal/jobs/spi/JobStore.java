package dev.crystal.jobs.spi;

/**
 * A job store: a bundle of narrow ports over one durable backend. The SQLite store is embedded; a Redis
 * store implements the same ports with Lua scripts, one hash tag per queue. Every implementation must
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

    /** Releases the backend; pending writes are committed first. */
    @Override
    void close();
}
