package dev.crystal.runtime;

import java.util.concurrent.Callable;

/**
 * Protects calls to the outside world (a circuit breaker, a rate limiter or a retry), obtained from the
 * {@link WorkerContext}. Guards are thread-safe, but a worker calls them on its own thread.
 */
public interface Guard {

    /** The guard's name, unique per worker and kind. */
    String name();

    /** Runs {@code call} under this guard and says what came of it. */
    <R> CallOutcome<R> call(Callable<R> call);
}
