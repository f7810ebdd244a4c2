package dev.crystal.runtime;

import dev.crystal.runtime.internal.LocalWorkerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A set of workers, each on its own thread with its own bounded mailbox, exchanging immutable
 * messages by reference. Create one with {@link #create(RuntimeConfig)}; several may live in one
 * JVM (there is no static state).
 *
 * <p>Lifecycle: {@link #register} workers and {@link #subscribe} them to events, then
 * {@link #start()}, then send; finally {@link #shutdown()}.
 */
public interface WorkerRuntime extends AutoCloseable {

    /** Creates a runtime that passes messages by reference inside this JVM. */
    static WorkerRuntime create(RuntimeConfig config) {
        return new LocalWorkerRuntime(config);
    }

    /** Registers a worker with the runtime's default options. Only before {@link #start()}. */
    default <T> void register(Address<T> address, Worker<T> worker) {
        register(address, worker, config().defaultWorker());
    }

    /** Registers a worker. Only before {@link #start()}. */
    <T> void register(Address<T> address, Worker<T> worker, WorkerOptions options);

    /** Subscribes the worker at {@code subscriber} to every published event of {@code eventType}. */
    <E> void subscribe(Class<E> eventType, Address<? super E> subscriber);

    /** Starts every registered worker's thread. */
    void start();

    /** Sends a message from outside the runtime, starting a new correlation if {@code correlationId} is null. */
    <M> Delivery send(Address<? super M> to, M message, String correlationId);

    /** Publishes an event from outside the runtime to every subscriber of its type. */
    int publish(Object event, String correlationId);

    /**
     * Sends a request from outside the runtime. The future always completes normally, with the
     * reply or a {@link Reply.Failure} (at the latest after {@code timeout}).
     */
    <R, M extends Request<R>> CompletableFuture<Reply<R>> request(Address<? super M> to, M message,
                                                                  String correlationId, Duration timeout);

    /** Health of every worker, in registration order. */
    List<WorkerHealth> health();

    /** Dead letters kept so far, oldest first. */
    List<DeadLetter> deadLetters();

    /** The configuration this runtime was created with. */
    RuntimeConfig config();

    /**
     * Stops intake (senders get {@link Delivery#SHUTTING_DOWN}), drains mailboxes within the
     * configured timeout, runs every worker's {@code onStop}, and reports what could not drain.
     */
    ShutdownReport shutdown();

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }
}
