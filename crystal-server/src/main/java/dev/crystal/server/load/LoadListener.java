package dev.crystal.server.load;

/** Receives the progress of a load run, on the generator's progress thread. */
@FunctionalInterface
public interface LoadListener {
    /** Ignores progress. */
    LoadListener SILENT = progress -> { };

    void onProgress(LoadProgress progress);

    /**
     * Called once the run's customers exist, before the first operation: they are {@code customerIdPrefix} followed
     * by 0 .. {@code customers - 1} (so other tools, e.g. a read benchmark, can use them). Default: nothing.
     */
    default void onCustomers(String customerIdPrefix, int customers) {
    }

    /** Called once when the run has finished (default: nothing). */
    default void onFinish() {
    }
}
