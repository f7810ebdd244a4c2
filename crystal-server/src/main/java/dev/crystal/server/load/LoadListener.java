package dev.crystal.server.load;

/** Receives the progress of a load run, on the generator's progress thread. */
@FunctionalInterface
public interface LoadListener {
    /** Ignores progress. */
    LoadListener SILENT = progress -> { };

    void onProgress(LoadProgress progress);

    /** Called once when the run has finished (default: nothing). */
    default void onFinish() {
    }
}
