package dev.crystal.runtime;

import java.time.Duration;

/**
 * A worker's own metrics, tagged with the worker and runtime names; the port through which domain code
 * counts and times things without importing a metrics library. Used on the worker's thread.
 */
public interface WorkerMetrics {

    /** Adds one to the counter {@code name}. */
    void increment(String name);

    /** Adds {@code by} to the counter {@code name}. */
    void increment(String name, double by);

    /** Records one duration in the timer {@code name}. */
    void record(String name, Duration duration);
}
