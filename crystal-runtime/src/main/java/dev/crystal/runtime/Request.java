package dev.crystal.runtime;

/**
 * Marks a message that expects a reply of type {@code R}. The type parameter lets
 * {@link WorkerContext#request} and {@link WorkerContext#reply} check reply types at compile time.
 *
 * @param <R> the reply type
 */
public interface Request<R> {
}
