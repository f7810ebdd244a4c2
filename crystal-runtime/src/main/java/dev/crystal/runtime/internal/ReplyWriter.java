package dev.crystal.runtime.internal;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the answers to requests that came through one transport, for every cell of a runtime: any thread queues a
 * reply ({@link #offer}) and goes on; the writer's thread takes what is queued (up to {@value #MAX_BATCH}), sends it
 * on its one sender and flushes once, so a batch's answers cost one pipelined round trip to the transport instead
 * of a sender and a round trip each, and the replying worker never waits for the transport. A reply the transport
 * refuses (full, shutting down) or cannot encode is logged at WARN, as before: the requester's timeout answers it.
 * Thread ownership: the queue and the parked flag are shared (any thread offers); the sender belongs to the
 * writer's thread.
 */
final class ReplyWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);
    /** Most replies one flush carries. */
    static final int MAX_BATCH = 512;

    /** A reply to send, and the request it answers (for the log). */
    private record Reply(Envelope<?> envelope, String replyTo, String requestType) {
    }

    private final Transport transport;
    private final Queue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    ReplyWriter(Transport transport, String runtimeName) {
        this.transport = transport;
        this.thread = Thread.ofPlatform().daemon().name("crystal-" + runtimeName + "-replies-out").start(this::run);
    }

    /**
     * Queues {@code reply} for {@code replyTo}; answers {@code false} (nothing queued) once the writer stopped, and
     * the caller sends it itself.
     */
    boolean offer(Envelope<?> reply, String replyTo, String requestType) {
        if (!running) {
            return false;
        }
        queue.offer(new Reply(reply, replyTo, requestType));
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    private void run() {
        try (TransportSender sender = transport.openSender()) {
            List<Reply> batch = new ArrayList<>();
            while (running || !queue.isEmpty()) {
                if (drain(sender, batch) == 0) {
                    parked.set(true);
                    if (queue.isEmpty() && running) {
                        LockSupport.park(this);
                    }
                    parked.set(false);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the reply writer of {} stopped: {}", transport.name(), e.toString());
        }
    }

    /** Sends what is queued (at most {@link #MAX_BATCH}) and flushes once; answers how many were taken. */
    private int drain(TransportSender sender, List<Reply> batch) {
        batch.clear();
        Reply reply;
        while (batch.size() < MAX_BATCH && (reply = queue.poll()) != null) {
            try {
                sender.send(reply.envelope(), null);
                batch.add(reply);
            } catch (RuntimeException e) {
                LOG.warn("reply to {} ({}) could not be sent to {}: {}", reply.requestType(),
                        reply.envelope().causationId(), reply.replyTo(), e.toString());
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            FlushResult result = sender.flush();
            for (int i = 0; i < batch.size(); i++) {
                if (!result.deliveries().get(i).accepted()) {
                    Reply refused = batch.get(i);
                    LOG.warn("reply to {} ({}) was not taken by {}: {}", refused.requestType(),
                            refused.envelope().causationId(), refused.replyTo(), result.deliveries().get(i));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{} replies could not be sent: {}", batch.size(), e.toString());
        }
        return batch.size();
    }

    /**
     * Sends what is still queued, then stops the thread (waits up to 5 s); a reply queued while the thread was
     * ending is sent here, on a sender of the closing thread's own.
     */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!thread.isAlive() && !queue.isEmpty()) {
            try (TransportSender sender = transport.openSender()) {
                List<Reply> batch = new ArrayList<>();
                while (drain(sender, batch) > 0) {
                    batch = new ArrayList<>();
                }
            }
        }
    }
}
