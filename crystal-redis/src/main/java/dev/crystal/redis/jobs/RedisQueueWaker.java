package dev.crystal.redis.jobs;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's job workers when another process sharing the store makes a job of their queue ready or
 * delayed: one blocking {@code XREAD} at a time ({@value #BLOCK_MILLIS} ms, then sent again) over the event streams
 * of every queue a worker here waits on, on a connection of its own; a {@code waiting} or {@code delayed} event
 * wakes the queue's workers. Idle, it costs Redis one command per {@value #BLOCK_MILLIS} ms instead of every worker
 * claiming every {@code pollInterval}. Without queue events ({@code eventsMaxLen} 0) it wakes nobody and workers
 * poll. Thread ownership: the registrations and last-read ids are concurrent maps (workers register from their
 * threads); one read is out at a time, its completion (a Lettuce thread) sends the next.
 */
final class RedisQueueWaker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisQueueWaker.class);
    /** How long one read waits in Redis before it answers empty and is sent again. */
    static final long BLOCK_MILLIS = 2_000;
    /** The longest a woken worker waits idle before it claims anyway (for changes no event announces). */
    static final long IDLE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Set<String> READY_EVENTS = Set.of("waiting", "delayed");

    private final AbstractRedisClient client;
    private final String keyBase;
    private final boolean events;
    private final Map<String, List<Runnable>> wakes = new ConcurrentHashMap<>();
    private final Map<String, String> lastIds = new ConcurrentHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile boolean closed;
    private final ReentrantLock opening = new ReentrantLock();
    /** Set once under {@link #opening}, before the first read is sent. */
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;

    RedisQueueWaker(AbstractRedisClient client, String keyBase, int eventsMaxLen) {
        this.client = client;
        this.keyBase = keyBase;
        this.events = eventsMaxLen > 0;
    }

    /** Registers {@code wake} for {@code queue}; answers the idle bound, or 0 without queue events. */
    long register(String queue, Runnable wake) {
        if (!events || closed) {
            return 0;
        }
        openOnce();
        wakes.computeIfAbsent(queue, q -> new CopyOnWriteArrayList<>()).add(wake);
        lastIds.computeIfAbsent(queue, q -> "$");
        read();
        return IDLE_BOUND_NANOS;
    }

    void unregister(String queue, Runnable wake) {
        List<Runnable> list = wakes.get(queue);
        if (list != null) {
            list.remove(wake);
        }
    }

    /** Opens the reading connection on first use (workers may register from several threads). */
    private void openOnce() {
        if (commands != null) {
            return;
        }
        opening.lock();
        try {
            if (commands != null) {
                return;
            }
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> own = cluster.connect();
                connection = own;
                commands = own.async();
            } else {
                StatefulRedisConnection<String, String> own = ((RedisClient) client).connect();
                connection = own;
                commands = own.async();
            }
        } finally {
            opening.unlock();
        }
    }

    private String eventsKey(String queue) {
        return keyBase + "q:" + queue.length() + ":" + queue + ":events";
    }

    /** Sends one blocking read over every registered queue's events, unless one is out. */
    private void read() {
        if (closed || wakes.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        List<String> queues = new ArrayList<>(wakes.keySet());
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[queues.size()];
        for (int i = 0; i < queues.size(); i++) {
            offsets[i] = XReadArgs.StreamOffset.from(eventsKey(queues.get(i)), lastIds.get(queues.get(i)));
        }
        try {
            commands.xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(256), offsets)
                    .whenComplete((messages, failure) -> onRead(queues, messages, failure));
        } catch (RuntimeException e) {
            reading.set(false);
            LOG.debug("cannot wait for queue events: {}", e.toString());
        }
    }

    private void onRead(List<String> queues, List<StreamMessage<String, String>> messages, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            LOG.debug("waiting for queue events failed, trying again in 1 s: {}", failure.toString());
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
                reading.set(false);
                read();
            });
            return;
        }
        for (StreamMessage<String, String> message : messages == null ? List.<StreamMessage<String, String>>of()
                : messages) {
            for (String queue : queues) {
                if (eventsKey(queue).equals(message.getStream())) {
                    lastIds.put(queue, message.getId());
                    if (READY_EVENTS.contains(message.getBody().get("e"))) {
                        wakes.getOrDefault(queue, List.of()).forEach(Runnable::run);
                    }
                }
            }
        }
        reading.set(false);
        read();
    }

    /** Stops waiting: the reading connection closes at once (a read waiting in Redis ends with it). */
    @Override
    public void close() {
        closed = true;
        if (connection != null) {
            connection.closeAsync();
        }
    }
}
