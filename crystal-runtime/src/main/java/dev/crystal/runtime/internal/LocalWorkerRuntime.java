package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.ShutdownReport;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM runtime: messages cross threads by reference through bounded MPSC mailboxes.
 * Thread ownership: registration happens on the creating thread before {@link #start()}; after
 * that the cell map is only read, and intake state is volatile.
 */
public final class LocalWorkerRuntime implements WorkerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkerRuntime.class);
    static final String EXTERNAL = "external";

    private final RuntimeConfig config;
    private final Map<String, WorkerCell<?>> cells = new LinkedHashMap<>();
    private final Map<Class<?>, List<Address<?>>> subscriptions = new ConcurrentHashMap<>();
    private final Map<Class<?>, List<Address<?>>> resolvedSubscribers = new ConcurrentHashMap<>();
    private final DeadLetterStore deadLetters;
    private final MessageIds ids = new MessageIds();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean started;
    private volatile boolean acceptingExternal = true;
    private volatile boolean acceptingInternal = true;

    public LocalWorkerRuntime(RuntimeConfig config) {
        this.config = config;
        this.deadLetters = new DeadLetterStore(config.clock());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform()
                .name("crystal-" + config.name() + "-timer").daemon(true).unstarted(r));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public <T> void register(Address<T> address, Worker<T> worker, WorkerOptions options) {
        if (started) {
            throw new IllegalStateException("register workers before start()");
        }
        if (cells.containsKey(address.name())) {
            throw new IllegalArgumentException("a worker is already registered at " + address.name());
        }
        cells.put(address.name(), new WorkerCell<>(address, worker, options, this));
    }

    @Override
    public <E> void subscribe(Class<E> eventType, Address<? super E> subscriber) {
        subscriptions.computeIfAbsent(eventType, k -> new CopyOnWriteArrayList<>()).add(subscriber);
        resolvedSubscribers.clear();
    }

    @Override
    public void start() {
        if (started) {
            throw new IllegalStateException("runtime " + config.name() + " already started");
        }
        started = true;
        cells.values().forEach(WorkerCell::start);
        LOG.info("runtime {} started {} workers", config.name(), cells.size());
    }

    @Override
    public <M> Delivery send(Address<? super M> to, M message, String correlationId) {
        if (!acceptingExternal) {
            return Delivery.SHUTTING_DOWN;
        }
        return dispatch(EXTERNAL, to, message, correlationOrNew(correlationId), null, null);
    }

    @Override
    public int publish(Object event, String correlationId) {
        if (!acceptingExternal) {
            return 0;
        }
        return publishFrom(EXTERNAL, event, correlationOrNew(correlationId), null);
    }

    @Override
    public <R, M extends Request<R>> CompletableFuture<Reply<R>> request(Address<? super M> to, M message,
                                                                         String correlationId, Duration timeout) {
        CompletableFuture<Reply<R>> future = new CompletableFuture<>();
        if (!acceptingExternal) {
            future.complete(Reply.failure(ReplyFailure.SHUTTING_DOWN, "runtime " + config.name() + " is shutting down"));
            return future;
        }
        String corr = correlationOrNew(correlationId);
        FutureReplyHandle<R> handle = new FutureReplyHandle<>(future, corr);
        future.completeOnTimeout(Reply.failure(ReplyFailure.TIMEOUT,
                "no reply from " + to.name() + " within " + timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        Delivery delivery = dispatch(EXTERNAL, to, message, corr, null, handle);
        if (!delivery.accepted()) {
            handle.fail(failureOf(delivery), to.name() + ": " + delivery);
        }
        return future;
    }

    /** Routes one message to its cell. Called from any thread. */
    <M> Delivery dispatch(String from, Address<? super M> to, M message, String correlationId, String causationId,
                          dev.crystal.runtime.ReplyHandle<?> replyTo) {
        if (!acceptingInternal) {
            return Delivery.SHUTTING_DOWN;
        }
        WorkerCell<?> cell = cells.get(to.name());
        if (cell == null) {
            return Delivery.NO_HANDLER;
        }
        if (!to.messageType().isInstance(message)) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not a " + to.messageType().getName()
                    + " accepted by " + to.name());
        }
        Envelope<M> envelope = new Envelope<>(ids.nextMessageId(), message.getClass().getSimpleName(), correlationId,
                causationId, from, to.name(), config.clock().instant(), message);
        return cell.offer(replyTo == null ? envelope : new Letter(envelope, replyTo));
    }

    int publishFrom(String from, Object event, String correlationId, String causationId) {
        int delivered = 0;
        for (Address<?> subscriber : subscribersOf(event.getClass())) {
            @SuppressWarnings("unchecked")
            Address<Object> target = (Address<Object>) subscriber;
            if (dispatch(from, target, event, correlationId, causationId, null).accepted()) {
                delivered++;
            }
        }
        return delivered;
    }

    private List<Address<?>> subscribersOf(Class<?> eventClass) {
        return resolvedSubscribers.computeIfAbsent(eventClass, cls -> {
            List<Address<?>> result = new ArrayList<>();
            subscriptions.forEach((type, addresses) -> {
                if (type.isAssignableFrom(cls)) {
                    addresses.forEach(a -> {
                        if (!result.contains(a)) {
                            result.add(a);
                        }
                    });
                }
            });
            return List.copyOf(result);
        });
    }

    static ReplyFailure failureOf(Delivery delivery) {
        return switch (delivery) {
            case NO_HANDLER -> ReplyFailure.NO_HANDLER;
            case SHUTTING_DOWN -> ReplyFailure.SHUTTING_DOWN;
            case REJECTED, DEAD_LETTERED, ACCEPTED -> ReplyFailure.REJECTED;
        };
    }

    private String correlationOrNew(String correlationId) {
        return correlationId == null || correlationId.isBlank() ? ids.nextCorrelationId() : correlationId;
    }

    @Override
    public List<WorkerHealth> health() {
        return cells.values().stream().map(WorkerCell::health).toList();
    }

    @Override
    public List<DeadLetter> deadLetters() {
        return deadLetters.snapshot();
    }

    @Override
    public RuntimeConfig config() {
        return config;
    }

    DeadLetterStore deadLetterStore() {
        return deadLetters;
    }

    MessageIds ids() {
        return ids;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    @Override
    public ShutdownReport shutdown() {
        if (!acceptingExternal && !acceptingInternal) {
            return new ShutdownReport(true, Map.of());
        }
        acceptingExternal = false;
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        // Workers keep talking to each other while they drain, so in-flight work can finish.
        try {
            while (System.nanoTime() < deadline && !allIdle()) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acceptingInternal = false;
        timer.shutdownNow();
        cells.values().forEach(WorkerCell::requestStop);
        Map<String, Integer> undrained = new LinkedHashMap<>();
        for (WorkerCell<?> cell : cells.values()) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!cell.awaitStopped(Duration.ofNanos(left)) || cell.depth() > 0) {
                    undrained.put(cell.address.name(), cell.depth());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                undrained.put(cell.address.name(), cell.depth());
            }
        }
        if (undrained.isEmpty()) {
            LOG.info("runtime {} stopped cleanly", config.name());
        } else {
            LOG.warn("runtime {} stopped; messages not drained: {}", config.name(), undrained);
        }
        return new ShutdownReport(undrained.isEmpty(), Map.copyOf(undrained));
    }

    private boolean allIdle() {
        // Two consecutive idle observations: a message may be in a handler's hands between them.
        for (int i = 0; i < 2; i++) {
            for (WorkerCell<?> cell : cells.values()) {
                if (!cell.idleNow()) {
                    return false;
                }
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
