package dev.crystal.runtime;

/**
 * Handles one message type for a worker built with {@link Handlers}. Runs on the worker's thread; the
 * full envelope is {@link WorkerContext#current()}.
 *
 * @param <M> the message type handled
 */
@FunctionalInterface
public interface MessageHandler<M> {

    /** Handles {@code message}; an exception is a handler failure (see {@link Worker#onMessage}). */
    void handle(M message, WorkerContext context) throws Exception;
}
