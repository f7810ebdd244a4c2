package dev.crystal.runtime.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The adapters of subscriptions made with {@code subscribe(eventType, address, adapter)}: for each subscriber, how
 * a published event that is not one of its messages becomes one. The event itself is what is published, stored
 * in outboxes and sent between nodes; it is adapted only as it is offered to the subscriber's own worker, so an
 * event type need not know (extend) the message types of the domains that consume it.
 * Thread ownership: written by the thread that registers workers, before start; then read by any thread.
 */
final class SubscriptionAdapters {
    private record Adapter(Class<?> eventType, Function<Object, Object> adapt) {
    }

    private final Map<String, List<Adapter>> bySubscriber = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <E, T> void add(Class<E> eventType, String subscriber, Function<? super E, ? extends T> adapt) {
        bySubscriber.computeIfAbsent(subscriber, k -> new CopyOnWriteArrayList<>())
                .add(new Adapter(eventType, (Function<Object, Object>) adapt));
    }

    /**
     * {@code message} as the worker at {@code subscriber}, taking {@code accepted}, takes it: itself when it is
     * one, else adapted by the first subscription of {@code subscriber} to a type of {@code message}; null when
     * neither.
     */
    Object inputOf(String subscriber, Class<?> accepted, Object message) {
        if (accepted.isInstance(message)) {
            return message;
        }
        List<Adapter> adapters = bySubscriber.get(subscriber);
        if (adapters != null) {
            for (Adapter adapter : adapters) {
                if (adapter.eventType().isInstance(message)) {
                    Object adapted = adapter.adapt().apply(message);
                    return accepted.isInstance(adapted) ? adapted : null;
                }
            }
        }
        return null;
    }
}
