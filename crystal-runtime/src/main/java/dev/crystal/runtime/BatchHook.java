package dev.crystal.runtime;

/** Runs after a batch of {@code count} messages, for {@link Handlers}; see {@link Worker#onBatchEnd}. */
@FunctionalInterface
public interface BatchHook {

    /** Runs the hook. */
    void run(int count, WorkerContext context) throws Exception;
}
