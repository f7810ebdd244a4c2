package dev.crystal.server.load;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

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

    /**
     * Called for every operation once its answer (or transport failure) is known, on the virtual thread that sent
     * it, so implementations must be thread-safe: {@code id} is the settlement, bonus transaction or redemption id
     * the request carried, {@code status} the HTTP status or {@code -1} when no answer came (refused connection,
     * timeout, reset), {@code body} the answer's body or the failure. {@code request} builds the same request to send again (built only when asked for). Default:
     * nothing.
     */
    default void onAnswer(OperationKind kind, String id, Supplier<HttpRequest> request, int status, String body) {
    }

    /** Called once when the run has finished (default: nothing). */
    default void onFinish() {
    }
}
