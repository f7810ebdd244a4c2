package dev.crystal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a {@link Worker} with one handler per message type. When the worker's message type is a
 * sealed interface, {@link #build()} checks that every permitted concrete type has a handler, like an
 * exhaustive {@code switch}:
 *
 * <pre>{@code
 * Worker<BalanceMessage> worker = Handlers.of(BalanceMessage.class)
 *         .on(Debit.class, (debit, ctx) -> ledger.debit(debit))
 *         .on(Credit.class, (credit, ctx) -> ledger.credit(credit))
 *         .onBatchEnd((count, ctx) -> ledger.commit())
 *         .build();
 * }</pre>
 *
 * The builder is used on one thread; the built worker is immutable apart from a thread-safe lookup cache.
 *
 * @param <T> the worker's message type
 */
public final class Handlers<T> {
    private final Class<T> messageType;
    private final Map<Class<?>, MessageHandler<?>> handlers = new LinkedHashMap<>();
    private LifecycleHook onStart = ctx -> { };
    private LifecycleHook onStop = ctx -> { };
    private BatchHook onBatchEnd = (count, ctx) -> { };
    private MessageHandler<? super T> otherwise;

    private Handlers(Class<T> messageType) {
        this.messageType = Objects.requireNonNull(messageType, "messageType");
    }

    /** Starts a builder for a worker accepting {@code messageType}. */
    public static <T> Handlers<T> of(Class<T> messageType) {
        return new Handlers<>(messageType);
    }

    /** Handles messages of {@code type} (and its subtypes without a handler of their own). */
    public <M extends T> Handlers<T> on(Class<M> type, MessageHandler<? super M> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException("a handler for " + type.getName() + " is already set");
        }
        return this;
    }

    /** Handles every message no other handler matches; without it such a message is a handler failure. */
    public Handlers<T> otherwise(MessageHandler<? super T> handler) {
        this.otherwise = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** See {@link Worker#onStart}. */
    public Handlers<T> onStart(LifecycleHook hook) {
        this.onStart = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** See {@link Worker#onStop}. */
    public Handlers<T> onStop(LifecycleHook hook) {
        this.onStop = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** See {@link Worker#onBatchEnd}. */
    public Handlers<T> onBatchEnd(BatchHook hook) {
        this.onBatchEnd = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Builds the worker.
     *
     * @throws IllegalStateException if the message type is sealed, there is no {@link #otherwise}
     *                               handler and a permitted concrete type has no handler
     */
    public Worker<T> build() {
        if (otherwise == null && messageType.isSealed()) {
            List<String> missing = new ArrayList<>();
            collectUnhandled(messageType, missing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("no handler for " + String.join(", ", missing)
                        + " in " + messageType.getSimpleName());
            }
        }
        return new DispatchingWorker<>(Map.copyOf(handlers), otherwise, onStart, onStop, onBatchEnd);
    }

    private void collectUnhandled(Class<?> type, List<String> missing) {
        if (handlers.containsKey(type)) {
            return;
        }
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectUnhandled(sub, missing);
            }
        } else {
            missing.add(type.getSimpleName());
        }
    }

    /** The built worker. Immutable; its handler cache is thread-safe so one instance may serve partitions. */
    private static final class DispatchingWorker<T> implements Worker<T> {
        private final Map<Class<?>, MessageHandler<?>> byType;
        private final Map<Class<?>, MessageHandler<?>> resolved = new ConcurrentHashMap<>();
        private final MessageHandler<? super T> otherwise;
        private final LifecycleHook onStart;
        private final LifecycleHook onStop;
        private final BatchHook onBatchEnd;

        DispatchingWorker(Map<Class<?>, MessageHandler<?>> byType, MessageHandler<? super T> otherwise,
                          LifecycleHook onStart, LifecycleHook onStop, BatchHook onBatchEnd) {
            this.byType = byType;
            this.otherwise = otherwise;
            this.onStart = onStart;
            this.onStop = onStop;
            this.onBatchEnd = onBatchEnd;
        }

        @Override
        public void onStart(WorkerContext context) throws Exception {
            onStart.run(context);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Envelope<T> envelope, WorkerContext context) throws Exception {
            T payload = envelope.payload();
            MessageHandler<?> handler = byType.get(payload.getClass());
            if (handler == null) {
                handler = resolved.computeIfAbsent(payload.getClass(), this::closestHandler);
            }
            if (handler == NO_HANDLER) {
                throw new IllegalStateException("no handler for " + payload.getClass().getName());
            }
            ((MessageHandler<Object>) handler).handle(payload, context);
        }

        private MessageHandler<?> closestHandler(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                MessageHandler<?> h = byType.get(c);
                if (h != null) {
                    return h;
                }
            }
            for (Map.Entry<Class<?>, MessageHandler<?>> e : byType.entrySet()) {
                if (e.getKey().isAssignableFrom(type)) {
                    return e.getValue();
                }
            }
            return otherwise != null ? otherwise : NO_HANDLER;
        }

        @Override
        public void onBatchEnd(int count, WorkerContext context) throws Exception {
            onBatchEnd.run(count, context);
        }

        @Override
        public void onStop(WorkerContext context) throws Exception {
            onStop.run(context);
        }
    }

    private static final MessageHandler<Object> NO_HANDLER = (message, context) -> {
        throw new IllegalStateException("no handler for " + message.getClass().getName());
    };
}
