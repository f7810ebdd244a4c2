package dev.crystal.cluster;

import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this node's reply stream and completes the waiting reply handles: a reply's causation id is the id of the
 * request it answers. The thread parks until the receiver wakes it (a reply arrived), or every millisecond if the
 * receiver cannot wake it; at least every {@value #EXPIRE_EVERY_SECONDS} s it expires requests whose answer never came.
 * Thread ownership: one daemon thread owns the receiver; {@link #close()} stops it.
 */
final class ReplyPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyPump.class);
    private static final int BATCH = 256;
    private static final long IDLE_PARK_NANOS = Duration.ofMillis(1).toNanos();
    private static final long EXPIRE_EVERY_SECONDS = 10;
    private static final long EXPIRE_EVERY_NANOS = Duration.ofSeconds(EXPIRE_EVERY_SECONDS).toNanos();

    private final TransportReceiver receiver;
    private final PendingReplies pending;
    private final Thread thread;
    /** How long the thread parks when nothing came: until woken (bounded by the expiry), or one poll interval. */
    private final long idleParkNanos;
    private volatile boolean running = true;

    ReplyPump(Transport transport, String replyDestination, String node, PendingReplies pending) {
        this.receiver = transport.openReceiver(replyDestination, node, node);
        this.pending = pending;
        this.thread = Thread.ofPlatform().daemon().name("crystal-replies-" + node).unstarted(this::run);
        long bound = receiver.wakeOnArrival(() -> LockSupport.unpark(thread));
        this.idleParkNanos = bound == 0 ? IDLE_PARK_NANOS : Math.min(bound, EXPIRE_EVERY_NANOS);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long lastExpiry = System.nanoTime();
        while (running) {
            try {
                List<Inbound> replies = receiver.poll(BATCH);
                if (replies.isEmpty()) {
                    LockSupport.parkNanos(this, idleParkNanos);
                } else {
                    replies.forEach(this::complete);
                    receiver.ack(replies);
                }
                if (System.nanoTime() - lastExpiry > EXPIRE_EVERY_NANOS) {
                    lastExpiry = System.nanoTime();
                    pending.expire();
                }
            } catch (RuntimeException e) {
                LOG.warn("reading replies failed, retrying in 1 s: {}", e.toString());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    private void complete(Inbound reply) {
        String requestId = reply.envelope().causationId();
        ReplyHandle<Object> handle = requestId == null ? null : pending.take(requestId);
        if (handle == null) {
            LOG.debug("reply {} to {} arrived after its requester stopped waiting", reply.envelope().messageId(),
                    requestId);
            return;
        }
        if (reply.envelope().payload() instanceof ReplyFailed failed) {
            handle.fail(failed.kind(), failed.detail());
        } else {
            handle.succeed(reply.envelope().payload());
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (thread.getState() == Thread.State.NEW) {
            receiver.close();
            return;
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receiver.close();
    }
}
