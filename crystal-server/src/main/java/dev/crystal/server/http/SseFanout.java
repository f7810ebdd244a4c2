package dev.crystal.server.http;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one server-sent-event endpoint, bounded twice: at most {@code maxSubscribers}
 * at once (503 {@code TOO_MANY_SUBSCRIBERS} beyond), and at most {@code bufferEvents} events
 * waiting per subscriber. Producers hand events over with {@link Subscriber#offer}, which never
 * blocks: a subscriber whose buffer is full (a client that stopped reading) is counted, dropped
 * and its connection aborted, so a slow reader can never stall the worker or thread that produces
 * events. Thread ownership: each subscriber's connection is written only by its own virtual writer
 * thread; {@code offer} may be called from any thread; the counters are atomics.
 */
public final class SseFanout {
    private static final Logger LOG = LoggerFactory.getLogger(SseFanout.class);
    private static final String EVENT_STREAM = "text/event-stream";

    private final String endpoint;
    private final int maxSubscribers;
    private final int bufferEvents;
    private final Duration heartbeat;
    private final Semaphore slots;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();

    /**
     * @param endpoint       name used in errors and thread names, e.g. {@code /messages/tail}
     * @param maxSubscribers most subscribers at once
     * @param bufferEvents   events buffered per subscriber before it is dropped
     * @param heartbeat      a comment is sent after this long without events, so idle streams stay open
     */
    public SseFanout(String endpoint, int maxSubscribers, int bufferEvents, Duration heartbeat) {
        if (maxSubscribers < 1 || bufferEvents < 1) {
            throw new IllegalArgumentException("maxSubscribers and bufferEvents must be at least 1");
        }
        this.endpoint = endpoint;
        this.maxSubscribers = maxSubscribers;
        this.bufferEvents = bufferEvents;
        this.heartbeat = heartbeat;
        this.slots = new Semaphore(maxSubscribers);
    }

    /** One connected client: a bounded buffer drained by its own writer thread. */
    public final class Subscriber {
        private record Event(String name, String data) {
        }

        private final SseClient client;
        private final ArrayBlockingQueue<Event> buffer = new ArrayBlockingQueue<>(bufferEvents);
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Runnable abort;
        private volatile Runnable onClose = () -> {
        };
        private volatile Thread writer;

        private Subscriber(SseClient client, Runnable abort) {
            this.client = client;
            this.abort = abort;
        }

        /** The request that opened the stream (query parameters, headers). */
        public Context ctx() {
            return client.ctx();
        }

        /** Runs once when the subscriber goes away, whatever the reason. */
        public void onClose(Runnable callback) {
            this.onClose = callback;
            if (closed.get()) {
                callback.run();
            }
        }

        /**
         * Queues one event without blocking. When the buffer is full the subscriber is dropped
         * (counted in {@link SseFanout#dropped()}) and its connection aborted.
         *
         * @return whether the event was queued
         */
        public boolean offer(String name, String data) {
            if (closed.get()) {
                return false;
            }
            if (buffer.offer(new Event(name, data))) {
                return true;
            }
            dropped.incrementAndGet();
            LOG.warn("{}: a subscriber fell {} events behind and was dropped", endpoint, bufferEvents);
            close(true);
            return false;
        }

        /** Closes the stream (e.g. at shutdown). */
        public void close() {
            close(false);
        }

        /** Events that can still be queued before this subscriber would be dropped. */
        public int room() {
            return buffer.remainingCapacity();
        }

        /** Whether this subscriber still receives events. */
        public boolean open() {
            return !closed.get();
        }

        private void start() {
            writer = Thread.ofVirtual().name("sse-writer" + endpoint).start(this::drain);
        }

        private void drain() {
            try {
                while (!closed.get()) {
                    Event event = buffer.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    if (closed.get()) {
                        break;
                    }
                    if (event == null) {
                        client.sendComment("keep-alive");
                    } else {
                        client.sendEvent(event.name(), event.data());
                    }
                    if (client.terminated()) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("{}: subscriber gone: {}", endpoint, e.toString());
            } finally {
                close(false);
            }
        }

        private void close(boolean abortConnection) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            slots.release();
            open.remove(this);
            buffer.clear();
            try {
                onClose.run();
            } finally {
                if (abortConnection) {
                    abort.run();
                }
                Thread w = writer;
                if (w != null && w != Thread.currentThread()) {
                    w.interrupt();
                }
                if (!client.terminated()) {
                    try {
                        client.close();
                    } catch (RuntimeException ignored) {
                        // the connection is already gone
                    }
                }
            }
        }
    }

    /** Refuses a client that does not accept an event stream (406) or finds the endpoint full (503); else holds a slot. */
    private void takeSlot(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.strip().equals(EVENT_STREAM)) {
            throw new ApiError(406, "NOT_ACCEPTABLE", "Accept",
                    endpoint + " is a server-sent-event stream: send Accept: " + EVENT_STREAM);
        }
        if (!slots.tryAcquire()) {
            refused.incrementAndGet();
            ctx.header("Retry-After", "5");
            throw new ApiError(503, "TOO_MANY_SUBSCRIBERS", null, endpoint + " already has " + maxSubscribers
                    + " subscribers, the most allowed; try again later");
        }
    }

    /**
     * Handles a GET on the endpoint: refuses with 503 when full, else opens the stream and hands
     * the new subscriber to {@code onOpen} (on the request thread, before any event is written).
     */
    public void handle(Context ctx, Consumer<Subscriber> onOpen) throws Exception {
        takeSlot(ctx);
        Runnable abort = abortOf(ctx);
        try {
            // SseHandler answers 200 with the stream headers, then runs this on an async task
            new SseHandler(client -> {
                client.keepAlive();
                Subscriber subscriber = new Subscriber(client, abort);
                open.add(subscriber);
                client.onClose(() -> subscriber.close(false));
                try {
                    onOpen.accept(subscriber);
                    subscriber.start();
                } catch (RuntimeException e) {
                    subscriber.close(false);
                    throw e;
                }
            }).handle(ctx);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /**
     * Handles a GET on a pull-based stream (its own thread reads a durable log at the client's pace, so
     * no producer can be stalled): only the subscriber cap applies (503 beyond); the slot is freed when
     * the client closes.
     */
    public void handlePulled(Context ctx, Consumer<SseClient> onOpen) throws Exception {
        takeSlot(ctx);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
        try {
            new SseHandler(client -> {
                client.onClose(release);
                onOpen.accept(client);
            }).handle(ctx);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private static Runnable abortOf(Context ctx) {
        Request base = Request.getBaseRequest(ctx.req());
        if (base == null || base.getHttpChannel() == null) {
            return () -> {
            };
        }
        var channel = base.getHttpChannel();
        return () -> channel.abort(new IOException("server-sent-event subscriber too slow"));
    }

    /** Closes every stream (at shutdown). */
    public void closeAll() {
        for (Subscriber subscriber : open) {
            subscriber.close();
        }
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return maxSubscribers - slots.availablePermits();
    }

    /** Subscribers dropped because they fell {@code bufferEvents} behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Connections refused because the endpoint was full. */
    public long refused() {
        return refused.get();
    }

    public String endpoint() {
        return endpoint;
    }
}
