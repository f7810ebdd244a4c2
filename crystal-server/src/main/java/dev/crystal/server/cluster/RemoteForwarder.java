package dev.crystal.server.cluster;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in, on this node, for a domain that runs on another node: every message, event and request addressed to
 * the domain is forwarded unchanged (same message id, correlation and causation) to the domain's stream, in one
 * flush per mailbox batch. A request travels with this node's reply destination and its reply handle waits in the
 * {@link PendingReplies}. Thread ownership: the forwarder's worker thread owns the sender and the batch buffer.
 */
final class RemoteForwarder implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteForwarder.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    private final Transport transport;
    private final String destination;
    private final String replyTo;
    private final PendingReplies pending;
    private final List<Outgoing> batch = new ArrayList<>();
    private TransportSender sender;

    /** One forwarded envelope and, for a request, the handle its answer completes. */
    private record Outgoing(Envelope<?> envelope, ReplyHandle<Object> handle) {
    }

    RemoteForwarder(Transport transport, String destination, String replyTo, PendingReplies pending) {
        this.transport = transport;
        this.destination = destination;
        this.replyTo = replyTo;
        this.pending = pending;
    }

    /** The platform's cross-node records and their constraints (immutable, shared). */
    private static final dev.crystal.wire.MessageTypeRegistry WIRE_TYPES = PlatformWireTypes.registry();

    @Override
    public void onStart(WorkerContext context) {
        sender = transport.openSender();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onMessage(Envelope<Object> envelope, WorkerContext context) {
        // A platform message that breaks its field constraints is refused here, naming each field (the handler
        // fails, so it is dead-lettered and a waiting request is answered), instead of failing the batch's send.
        WIRE_TYPES.byClass(envelope.payload().getClass()).ifPresent(type -> type.requireValid(envelope.payload()));
        Envelope<Object> routed = envelope.target().equals(destination) ? envelope
                : envelope.withTarget(destination); // keeps ids, priority and time-to-live
        ReplyHandle<Object> handle = null;
        if (context.awaitsReply() && envelope.payload() instanceof Request<?> request) {
            handle = (ReplyHandle<Object>) context.replyHandle(request);
            pending.await(envelope.messageId(), handle);
        }
        batch.add(new Outgoing(routed, handle));
    }

    /**
     * Flushes the batch. Envelopes the stream refuses (full) are sent again until taken; if the flush itself fails
     * (Redis unreachable) the whole batch is sent again after a pause, at least once: a receiver's inbox drops an
     * envelope that had already arrived. Gives up only when the worker's thread is interrupted (forced stop).
     */
    @Override
    public void onBatchEnd(int count, WorkerContext context) {
        List<Outgoing> unsent = List.copyOf(batch);
        batch.clear();
        while (!unsent.isEmpty()) {
            FlushResult result;
            try {
                for (Outgoing out : unsent) {
                    sender.send(out.envelope(), out.handle() == null ? null : replyTo);
                }
                result = sender.flush();
            } catch (RuntimeException e) {
                LOG.warn("forwarding {} messages to {} failed, trying again in {}: {}", unsent.size(), destination,
                        FAILURE_PAUSE, e.toString());
                if (!pause(FAILURE_PAUSE)) {
                    giveUp(unsent, "forced stop while " + destination + " was unreachable");
                    return;
                }
                continue;
            }
            List<Outgoing> again = new ArrayList<>();
            for (int i = 0; i < unsent.size(); i++) {
                Outgoing out = unsent.get(i);
                Delivery delivery = result.deliveries().get(i);
                if (delivery == Delivery.REJECTED) {
                    again.add(out);
                } else if (!delivery.accepted()) {
                    giveUp(List.of(out), destination + ": " + delivery);
                }
            }
            unsent = again;
            // The stream is full: wait for its consumers, which backs this mailbox up to its senders.
            if (!unsent.isEmpty() && !pause(RETRY_PAUSE)) {
                giveUp(unsent, "forced stop while " + destination + " was full");
                return;
            }
        }
    }

    private void giveUp(List<Outgoing> lost, String why) {
        for (Outgoing out : lost) {
            LOG.warn("{} {} not forwarded: {}", out.envelope().type(), out.envelope().messageId(), why);
            if (out.handle() != null && pending.forget(out.envelope().messageId())) {
                out.handle().fail(ReplyFailure.SHUTTING_DOWN, why);
            }
        }
    }

    /** Parks for {@code pause}; {@code false} if the thread was interrupted (forced stop). */
    private static boolean pause(Duration pause) {
        LockSupport.parkNanos(pause.toNanos());
        return !Thread.currentThread().isInterrupted();
    }

    @Override
    public void onStop(WorkerContext context) {
        if (sender != null) {
            sender.close();
        }
    }
}
