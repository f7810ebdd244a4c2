package dev.crystal.runtime;

import dev.crystal.runtime.internal.LocalWorkerRuntime;
import dev.crystal.runtime.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /**
     * Registers a worker that runs as {@code partitions} single-writer partitions, each with its own
     * thread, mailbox and worker instance from {@code factory}. A message goes to partition
     * {@code floorMod(key(message).hashCode(), partitions)}, so messages with equal keys keep their order.
     * Partitions appear in {@link #health()} as {@code name#0}, {@code name#1}, … Only before {@link #start()}.
     */
    <T> void registerPartitioned(Address<T> address, int partitions, Function<? super T, ?> key,
                                 Supplier<? extends Worker<T>> factory, WorkerOptions options);

    /** {@link #registerPartitioned(Address, int, Function, Supplier, WorkerOptions)} with default options. */
    default <T> void registerPartitioned(Address<T> address, int partitions, Function<? super T, ?> key,
                                         Supplier<? extends Worker<T>> factory) {
        registerPartitioned(address, partitions, key, factory, config().defaultWorker());
    }

    /**
     * Feeds the worker at {@code address} (every partition) from {@code destination} of {@code transport}, as
     * members of consumer group {@code group}, at least once: each polled batch is handled, then
     * {@link Worker#onBatchEnd} commits it, then the batch is acknowledged. A crash before the acknowledgement
     * leaves the batch pending; messages pending longer than {@code reclaimAfter} (e.g. a crashed node's) are
     * taken back and delivered again with their original message ids, so an inbox can drop duplicates.
     * Only before {@link #start()}.
     */
    <T> void consume(Address<T> address, Transport transport, String destination,
                     String group, Duration reclaimAfter);

    /** {@link #consume(Address, dev.crystal.runtime.spi.Transport, String, String, Duration)} reclaiming after 30 s. */
    default <T> void consume(Address<T> address, Transport transport, String destination,
                             String group) {
        consume(address, transport, destination, group, Duration.ofSeconds(30));
    }

    /** Subscribes the worker at {@code subscriber} to every published event of {@code eventType}. */
    <E> void subscribe(Class<E> eventType, Address<? super E> subscriber);

    /**
     * Subscribes the worker at {@code subscriber} to every published event of {@code eventType}, which its worker
     * takes as {@code adapter} turns it into one of its own messages (e.g. a record wrapping the event). The event
     * is published, kept in outboxes and sent to other nodes as itself; it is adapted only where it is offered to
     * the subscriber's worker, with its message id, type and correlation kept. So an event type need not extend
     * the message types of the domains that consume it.
     */
    <E, T> void subscribe(Class<E> eventType, Address<T> subscriber, Function<? super E, ? extends T> adapter);

    /**
     * {@code message} as the worker at {@code address} takes it: itself when it is one of its messages, else as the
     * adapter of a {@link #subscribe(Class, Address, Function) subscription} of {@code address} turns it. A worker
     * that receives the events of another on its behalf (a cluster node's lease-held domain worker) uses it.
     *
     * @throws IllegalArgumentException when it is neither
     */
    <T> T adapt(Address<T> address, Object message);

    /** Starts every registered worker's thread. */
    void start();

    /** Sends a message from outside the runtime, starting a new correlation if {@code correlationId} is null. */
    <M> Delivery send(Address<? super M> to, M message, String correlationId);

    /**
     * Offers an envelope built elsewhere, as it is, to the worker named by its {@link Envelope#target() target}:
     * same message id, correlation and causation. Outbox relays and transport bridges use it so that a receiver's
     * inbox can recognise a message it has already handled.
     */
    Delivery deliver(Envelope<?> envelope);

    /**
     * Offers a built event envelope to every subscriber of its payload's type, each copy addressed to its
     * subscriber but keeping the message id, correlation, causation, source and timestamp. Returns how many
     * subscribers accepted it.
     */
    int deliverToSubscribers(Envelope<?> event);

    /**
     * The addresses subscribed to events of {@code eventType} (directly or through a supertype), in subscription
     * order. An outbox relay uses it to hand an event to each subscriber on its own and retry only those whose
     * mailbox refused it.
     */
    List<Address<?>> subscribersOf(Class<?> eventType);

    /** Publishes an event from outside the runtime to every subscriber of its type. */
    int publish(Object event, String correlationId);

    /**
     * Sends a request from outside the runtime. The future always completes normally, with the
     * reply or a {@link Reply.Failure} (at the latest after {@code timeout}).
     */
    <R, M extends Request<R>> CompletableFuture<Reply<R>> request(Address<? super M> to, M message,
                                                                  String correlationId, Duration timeout);

    /**
     * {@link #request(Address, Request, String, Duration)} with delivery hints on the request's envelope: its
     * {@link Priority} and time-to-live in milliseconds (0 for none). A request still waiting in the mailbox when
     * its time-to-live passes is dead-lettered as {@code EXPIRED} and answered {@link ReplyFailure#REJECTED}.
     */
    <R, M extends Request<R>> CompletableFuture<Reply<R>> request(Address<? super M> to, M message,
                                                                  String correlationId, Duration timeout,
                                                                  Priority priority, long ttlMillis);

    /** Health of every worker, in registration order. */
    List<WorkerHealth> health();

    /**
     * Health of the worker at {@code address} (of a partitioned one: a partition that is not running, else the
     * fullest), or empty when no local worker has that address (e.g. a domain another node runs). Any thread.
     */
    default Optional<WorkerHealth> healthOf(String address) {
        return health().stream().filter(h -> h.name().equals(address) || h.name().startsWith(address + "#"))
                .min(WorkerHealth.WORST_FIRST);
    }

    /**
     * The runtime's dead letters: list, find, replay, resolve and discard what no worker could handle. The view is
     * live (it reads the runtime's dead-letter log on each call).
     */
    DeadLetters deadLetters();

    /** A summary of every worker's health and whether the runtime takes messages. */
    default RuntimeHealth healthSummary() {
        return new RuntimeHealth(config().name(), true, health(), deadLetters().open().size());
    }

    /** The configuration this runtime was created with. */
    RuntimeConfig config();

    /**
     * Stops intake (senders get {@link Delivery#SHUTTING_DOWN}), drains mailboxes within the
     * configured timeout, runs every worker's {@code onStop}, and reports what could not drain.
     */
    ShutdownReport shutdown();

    /**
     * Forced stop (the second shutdown signal): stops intake, abandons what is left in the mailboxes,
     * interrupts handlers still running and skips {@code onStop}. May be called while {@link #shutdown()}
     * is waiting on another thread, which then returns at once.
     */
    ShutdownReport shutdownNow();

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }
}
