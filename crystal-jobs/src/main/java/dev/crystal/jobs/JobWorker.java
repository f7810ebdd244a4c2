package dev.crystal.jobs;

/**
 * A running worker for one queue. Thread-safe handle; the worker's loop runs on its own thread.
 */
public interface JobWorker extends AutoCloseable {

    /** The queue this worker takes jobs from. */
    String queue();

    /** Processors running right now. */
    int running();

    /**
     * Stops taking jobs, waits for running processors and commits their outcomes. Jobs still running
     * after the worker's lock duration are left to stalled recovery.
     */
    @Override
    void close();
}
