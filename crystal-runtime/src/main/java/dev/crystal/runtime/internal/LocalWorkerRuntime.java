package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetters;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.RuntimeHealth;
import dev.crystal.runtime.ShutdownReport;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM runtime: messages cross threads by reference through bounded MPSC mailboxes.
 * Thread ownership: registration happens on the creating thread before {@link #start()}; after
 * that the destination map is only read, and intake state is volatile. The timer thread runs timeouts,
 * scheduled messages, restarts and the stuck watch.
 */
public final class LocalWorkerRuntime implements WorkerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkerRuntime.class);
    static final String EXTERNAL = "external";
    /** How long a worker abandoned at shutdown may take to end its current message before the caller goes on. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(30);
    private static final long MIN_WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RuntimeConfig config;
    private final Map<String, Destination> destinations = new LinkedHashMap<>();
    private final List<WorkerCell<?>> cells = new ArrayList<>();
    private final Map<Class<?>, List<Address<?>>> subscriptions = new ConcurrentHashMap<>();
    private final Map<Class<?>, List<Address<?>>> resolvedSubscribers = new ConcurrentHashMap<>();
    private final SubscriptionAdapters adapters = new SubscriptionAdapters();
    private final DeadLetterStore deadLetters;
    private final DeadLetters deadLetterView;
    private final MessageIds ids = new MessageIds();
    private final SendClock sendClock;
    private final SpinPermits spinPermits = SpinPermits.forThisMachine();
    private final ResilienceGuards guards;
    private final ScheduledThreadPoolExecutor timer;
    private final RequestTimeouts timeouts;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    /** One writer of transport replies per transport cells consume, filled before start; closed at shutdown. */
    private final Map<Transport, ReplyWriter> replyWriters = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean acceptingExternal = true;
    private volatile boolean acceptingInternal = true;
    private volatile boolean forced;

    public LocalWorkerRuntime(RuntimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.sendClock = new SendClock(config.clock(), config.name());
        this.deadLetters = new DeadLetterStore(config.deadLetterLog(), config.clock(), "dl_" + ids.prefix() + "_");
        // A replay offers the original envelope again (same message id, so an inbox can still de-duplicate it).
        this.deadLetterView = new RuntimeDeadLetters(deadLetters, letter -> deliver(letter.envelope()));
        this.guards = new ResilienceGuards(config.clock(), config.meterRegistry(),
                transition -> publishFrom(transition.worker(), transition, ids.nextCorrelationId(), null));
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform()
                .name("crystal-" + config.name() + "-timer").daemon(true).unstarted(r));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timeouts = new RequestTimeouts(config.name());
    }

    @Override
    public <T> void register(Address<T> address, Worker<T> worker, WorkerOptions options) {
        checkRegistrable(address);
        Objects.requireNonNull(worker, "worker");
        WorkerCell<T> cell = new WorkerCell<>(address, address.name(), worker, options, this);
        cells.add(cell);
        destinations.put(address.name(), new SingleDestination(cell));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void registerPartitioned(Address<T> address, int partitions, Function<? super T, ?> key,
                                        Supplier<? extends Worker<T>> factory, WorkerOptions options) {
        checkRegistrable(address);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        Objects.requireNonNull(key, "key");
        List<WorkerCell<?>> parts = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            Worker<T> worker = Objects.requireNonNull(factory.get(), "factory returned null");
            parts.add(new WorkerCell<>(address, address.name() + "#" + i, worker, options, this));
        }
        cells.addAll(parts);
        destinations.put(address.name(), new PartitionedDestination(List.copyOf(parts),
                (Function<Object, ?>) key));
    }

    @Override
    public <T> void consume(Address<T> address, Transport transport, String destination, String group,
                            Duration reclaimAfter) {
        if (started) {
            throw new IllegalStateException("attach transports before start()");
        }
        Destination target = destinations.get(address.name());
        if (target == null) {
            throw new IllegalArgumentException("no worker is registered at " + address.name());
        }
        if (reclaimAfter.isNegative() || reclaimAfter.isZero()) {
            throw new IllegalArgumentException("reclaimAfter must be positive");
        }
        ReplyWriter replies = replyWriters.computeIfAbsent(transport, t -> new ReplyWriter(t, config.name()));
        for (WorkerCell<?> cell : target.cells()) {
            cell.attachInbound(transport, replies, transport.openReceiver(destination, group, config.name() + "/" + cell.name),
                    reclaimAfter);
        }
    }

    private void checkRegistrable(Address<?> address) {
        if (started) {
            throw new IllegalStateException("register workers before start()");
        }
        if (destinations.containsKey(address.name())) {
            throw new IllegalArgumentException("a worker is already registered at " + address.name());
        }
    }

    @Override
    public <E> void subscribe(Class<E> eventType, Address<? super E> subscriber) {
        subscriptions.computeIfAbsent(eventType, k -> new CopyOnWriteArrayList<>()).add(subscriber);
        resolvedSubscribers.clear();
    }

    @Override
    public <E, T> void subscribe(Class<E> eventType, Address<T> subscriber, Function<? super E, ? extends T> adapter) {
        Objects.requireNonNull(adapter, "adapter");
        adapters.add(eventType, subscriber.name(), adapter);
        subscriptions.computeIfAbsent(eventType, k -> new CopyOnWriteArrayList<>()).add(subscriber);
        resolvedSubscribers.clear();
    }

    @Override
    public <T> T adapt(Address<T> address, Object message) {
        Object input = adapters.inputOf(address.name(), address.messageType(), message);
        if (input == null) {
            throw notAccepted(message, address.messageType(), address.name());
        }
        return address.messageType().cast(input);
    }

    private static IllegalArgumentException notAccepted(Object message, Class<?> accepted, String target) {
        return new IllegalArgumentException(message.getClass().getName() + " is not a " + accepted.getName()
                + " accepted by " + target + " (nor an event it subscribed to with an adapter)");
    }

    @Override
    public void start() {
        if (started) {
            throw new IllegalStateException("runtime " + config.name() + " already started");
        }
        started = true;
        timeouts.start();
        sendClock.start();
        cells.forEach(WorkerCell::start);
        long watchNanos = cells.stream().mapToLong(c -> c.options.stuckThreshold().toNanos() / 4)
                .min().orElse(MAX_WATCH_NANOS);
        watchNanos = Math.max(MIN_WATCH_NANOS, Math.min(MAX_WATCH_NANOS, watchNanos));
        timer.scheduleAtFixedRate(this::watchForStuck, watchNanos, watchNanos, TimeUnit.NANOSECONDS);
        LOG.info("runtime {} started {} worker threads", config.name(), cells.size());
    }

    private void watchForStuck() {
        long now = System.nanoTime();
        for (WorkerCell<?> cell : cells) {
            cell.watchForStuck(now);
        }
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
        return request(to, message, correlationId, timeout, Priority.NORMAL, 0L);
    }

    @Override
    public <R, M extends Request<R>> CompletableFuture<Reply<R>> request(Address<? super M> to, M message,
                                                                         String correlationId, Duration timeout,
                                                                         Priority priority, long ttlMillis) {
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("ttlMillis must not be negative, was " + ttlMillis);
        }
        CompletableFuture<Reply<R>> future = new CompletableFuture<>();
        if (!acceptingExternal) {
            future.complete(Reply.failure(ReplyFailure.SHUTTING_DOWN, "runtime " + config.name() + " is shutting down"));
            return future;
        }
        String corr = correlationOrNew(correlationId);
        FutureReplyHandle<R> handle = new FutureReplyHandle<>(future, corr, timeouts, to.name(), timeout.toNanos());
        Delivery delivery = priority == Priority.NORMAL && ttlMillis == 0
                ? dispatch(EXTERNAL, to, message, corr, null, handle)
                : dispatch(EXTERNAL, to, message, corr, null, handle, null, priority, ttlMillis);
        if (!delivery.accepted()) {
            handle.fail(failureOf(delivery), to.name() + ": " + delivery);
        } else {
            handle.arm();
        }
        return future;
    }

    /** Routes one message to its cell. Called from any thread. */
    <M> Delivery dispatch(String from, Address<? super M> to, M message, String correlationId, String causationId,
                          ReplyHandle<?> replyTo) {
        return dispatch(from, to, message, correlationId, causationId, replyTo, null);
    }

    /** Routes one message to its cell, stamped {@code timestamp} (read from the clock when {@code null}). */
    private <M> Delivery dispatch(String from, Address<? super M> to, M message, String correlationId,
                                  String causationId, ReplyHandle<?> replyTo, Instant timestamp) {
        return dispatch(from, to, message, correlationId, causationId, replyTo, timestamp, Priority.NORMAL, 0L);
    }

    /** Routes one message to its cell with delivery hints on its envelope. */
    private <M> Delivery dispatch(String from, Address<? super M> to, M message, String correlationId,
                                  String causationId, ReplyHandle<?> replyTo, Instant timestamp, Priority priority,
                                  long ttlMillis) {
        if (!acceptingInternal) {
            return Delivery.SHUTTING_DOWN;
        }
        Destination destination = destinations.get(to.name());
        if (destination == null) {
            return Delivery.NO_HANDLER;
        }
        // What the registered worker takes (a forwarder takes anything, so an event leaves this node as itself).
        Class<?> accepted = destination.cells().get(0).address.messageType();
        Object input = adapters.inputOf(to.name(), accepted, message);
        if (input == null) {
            throw notAccepted(message, accepted, to.name());
        }
        // A numbered id: its text is rendered only if something reads it (see Envelope). The type stays the
        // message's own name when a subscription adapted it.
        Envelope<Object> envelope = Envelope.numbered(ids.messagePrefix(), ids.nextMessageNumber(),
                MessageNames.of(message.getClass()), correlationId, causationId, from, to.name(),
                timestamp != null ? timestamp : sendClock.now(), input);
        if (priority != Priority.NORMAL || ttlMillis != 0) {
            envelope = envelope.withDelivery(priority, ttlMillis);
        }
        return destination.cellFor(input).offer(replyTo == null ? envelope : new Letter(envelope, replyTo));
    }

    /** Sends {@code message} after {@code delay} from the timer thread, keeping correlation and causation. */
    <M> void scheduleDispatch(Duration delay, String from, Address<? super M> to, M message, String correlationId,
                              String causationId) {
        try {
            timer.schedule(() -> {
                Delivery delivery = dispatch(from, to, message, correlationId, causationId, null);
                if (!delivery.accepted()) {
                    LOG.warn("scheduled {} to {} was not delivered: {}", MessageNames.of(message.getClass()),
                            to.name(), delivery);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.warn("runtime {} is shutting down; scheduled {} to {} dropped", config.name(),
                    MessageNames.of(message.getClass()), to.name());
        }
    }

    /** Posts {@code action} to {@code cell}'s thread after {@code delay}, from the timer thread. */
    void runLater(Duration delay, WorkerCell<?> cell, Runnable action) {
        Objects.requireNonNull(action, "action");
        try {
            timer.schedule(() -> cell.post(new Callback(null, null, action)), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("runtime {} is shutting down; timer of {} dropped", config.name(), cell.name);
        }
    }

    /** Publishes to every subscriber; the copies share one timestamp (one clock read per event). */
    int publishFrom(String from, Object event, String correlationId, String causationId) {
        List<Address<?>> subscribers = subscribersOf(event.getClass());
        if (subscribers.isEmpty()) {
            return 0;
        }
        Instant now = sendClock.now();
        int delivered = 0;
        for (Address<?> subscriber : subscribers) {
            @SuppressWarnings("unchecked")
            Address<Object> target = (Address<Object>) subscriber;
            if (dispatch(from, target, event, correlationId, causationId, null, now).accepted()) {
                delivered++;
            }
        }
        return delivered;
    }

    @Override
    public List<Address<?>> subscribersOf(Class<?> eventClass) {
        List<Address<?>> cached = resolvedSubscribers.get(eventClass);
        if (cached != null) {
            return cached;
        }
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
    public Optional<WorkerHealth> healthOf(String address) {
        Destination destination = destinations.get(address);
        return switch (destination) {
            case null -> Optional.empty();
            case SingleDestination single -> Optional.of(single.cell().health());
            case PartitionedDestination parts -> parts.cells().stream().map(WorkerCell::health)
                    .min(WorkerHealth.WORST_FIRST);
        };
    }

    @Override
    public List<WorkerHealth> health() {
        return cells.stream().map(WorkerCell::health).toList();
    }

    @Override
    public RuntimeHealth healthSummary() {
        return new RuntimeHealth(config.name(), acceptingExternal, health(), deadLetterView.open().size());
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetterView;
    }

    @Override
    public Delivery deliver(Envelope<?> envelope) {
        if (!acceptingExternal) {
            return Delivery.SHUTTING_DOWN;
        }
        Destination destination = destinations.get(envelope.target());
        if (destination == null) {
            return Delivery.NO_HANDLER;
        }
        Class<?> accepted = destination.cells().get(0).address.messageType();
        Object input = adapters.inputOf(envelope.target(), accepted, envelope.payload());
        if (input == null) {
            throw notAccepted(envelope.payload(), accepted, envelope.target());
        }
        return destination.cellFor(input).offer(input == envelope.payload() ? envelope : envelope.withPayload(input));
    }

    @Override
    public int deliverToSubscribers(Envelope<?> event) {
        int accepted = 0;
        for (Address<?> subscriber : subscribersOf(event.payload().getClass())) {
            Envelope<?> copy = event.withTarget(subscriber.name());
            if (deliver(copy).accepted()) {
                accepted++;
            }
        }
        return accepted;
    }

    @Override
    public RuntimeConfig config() {
        return config;
    }

    SpinPermits spinPermits() {
        return spinPermits;
    }

    DeadLetterStore deadLetterStore() {
        return deadLetters;
    }

    MessageIds ids() {
        return ids;
    }

    ResilienceGuards guards() {
        return guards;
    }

    RequestTimeouts timeouts() {
        return timeouts;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    @Override
    public ShutdownReport shutdown() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            return undrainedReport();
        }
        acceptingExternal = false;
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        // Workers keep talking to each other while they drain, so in-flight work can finish.
        try {
            while (!forced && System.nanoTime() < deadline && !allIdle()) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (forced) {
            return undrainedReport();
        }
        acceptingInternal = false;
        cells.forEach(WorkerCell::requestStop);
        Map<String, Integer> undrained = new LinkedHashMap<>();
        List<WorkerCell<?>> running = new ArrayList<>();
        for (WorkerCell<?> cell : cells) {
            try {
                boolean stopped = cell.awaitStopped(deadline);
                if (!stopped) {
                    running.add(cell);
                }
                if (!stopped || cell.depth() > 0) {
                    undrained.put(cell.name, cell.depth());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                undrained.put(cell.name, cell.depth());
            }
        }
        abandonStillRunning(running);
        timer.shutdownNow();
        timeouts.close();
        sendClock.stop();
        replyWriters.values().forEach(ReplyWriter::close);
        if (undrained.isEmpty()) {
            LOG.info("runtime {} stopped cleanly", config.name());
        } else {
            LOG.warn("runtime {} stopped; messages not drained: {}", config.name(), undrained);
        }
        return new ShutdownReport(undrained.isEmpty(), Map.copyOf(undrained));
    }

    /**
     * Workers still running when the drain ran out of time (a backlog longer than the shutdown timeout, a slow
     * handler): each is told to end after its current message, leaving its mailbox (not acknowledged, not committed:
     * redone at the next start or by the next lease holder), and waited for, so that whoever closes the stores and
     * the transport afterwards never closes them under a running handler. A handler that does not end within
     * {@link #ABANDON_WAIT} is named at ERROR.
     */
    private void abandonStillRunning(List<WorkerCell<?>> running) {
        if (running.isEmpty()) {
            return;
        }
        LOG.warn("runtime {}: workers {} still busy after the shutdown timeout of {}; they stop after their current "
                + "message, and what is left in their mailboxes is redone at the next start", config.name(),
                running.stream().map(c -> c.name).toList(), config.shutdownTimeout());
        running.forEach(WorkerCell::requestAbandon);
        long until = System.nanoTime() + ABANDON_WAIT.toNanos();
        List<String> stuck = new ArrayList<>();
        for (WorkerCell<?> cell : running) {
            try {
                if (!cell.awaitStopped(until)) {
                    stuck.add(cell.name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stuck.add(cell.name);
            }
        }
        if (!stuck.isEmpty()) {
            LOG.error("runtime {}: workers {} did not end within {} of being abandoned; their stores close under them",
                    config.name(), stuck, ABANDON_WAIT);
        }
    }

    @Override
    public ShutdownReport shutdownNow() {
        shutdownStarted.set(true);
        forced = true;
        acceptingExternal = false;
        acceptingInternal = false;
        timer.shutdownNow();
        timeouts.close();
        sendClock.stop();
        cells.forEach(WorkerCell::requestAbandon);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (WorkerCell<?> cell : cells) {
            try {
                cell.awaitStopped(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        replyWriters.values().forEach(ReplyWriter::close);
        ShutdownReport report = undrainedReport();
        LOG.warn("runtime {} forced to stop; messages abandoned: {}", config.name(), report.undrained());
        return report;
    }

    private ShutdownReport undrainedReport() {
        Map<String, Integer> undrained = new LinkedHashMap<>();
        for (WorkerCell<?> cell : cells) {
            if (cell.depth() > 0) {
                undrained.put(cell.name, cell.depth());
            }
        }
        return new ShutdownReport(undrained.isEmpty() && !forced, Map.copyOf(undrained));
    }

    private boolean allIdle() {
        // Two consecutive idle observations: a message may be in a handler's hands between them.
        for (int i = 0; i < 2; i++) {
            for (WorkerCell<?> cell : cells) {
                if (!cell.idleNow()) {
                    return false;
                }
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
