package dev.crystal.runtime;

/** A worker lifecycle callback ({@code onStart}, {@code onStop}) for {@link Handlers}; runs on the worker's thread. */
@FunctionalInterface
public interface LifecycleHook {

    /** Runs the hook. */
    void run(WorkerContext context) throws Exception;
}
