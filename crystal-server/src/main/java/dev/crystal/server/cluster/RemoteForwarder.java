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
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.WireSettingsResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.crystal.wire.MessageTypeRegistry;

/**
 * Stands in, on this node, for a domain that runs on another node: every message, event and request addressed to
 * the domain is forwarded unchanged (same message id, correlation and causation) to the domain's stream, in one
 * flush per mailbox batch. A request travels with this node's reply destination and its reply handle waits in the
 * {@link PendingReplies}.
 *
 * <p>Batching: when the wire flags turn batching on for a message (its domains and correlation id), the message
 * waits, so that the sender can pack it with others into one stream entry, until {@code maxMessages} wait, or the
 * oldest has waited {@code maxDelay} (a timer on this worker's thread), or a message whose batching is off
 * arrives (everything waiting goes first, in order). Thread ownership: the forwarder's worker thread owns the
 * sender, the waiting messages and the timer state.
 */
final class RemoteForwarder implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteForwarder.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    private final Transport transport;
    private final String destination;
    private final String replyTo;
    private final PendingReplies pending;
    private final WireSettingsResolver flags;
    private final List<Outgoing> batch = new ArrayList<>();
    private TransportSender sender;
    private WorkerContext context;
    /** Messages waiting whose batching is on; the smallest {@code maxMessages} among them; when the oldest is due. */
    private int held;
    private int heldLimit = Integer.MAX_VALUE;
    private long dueNanos = Long.MAX_VALUE;
    private boolean unbatchedWaiting;
    private boolean timerSet;

    /** One forwarded envelope and, for a request, the handle its answer completes. */
    private record Outgoing(Envelope<?> envelope, ReplyHandle<Object> handle) {
    }

    RemoteForwarder(Transport transport, String destination, String replyTo, PendingReplies pending) {
        this(transport, destination, replyTo, pending, null);
    }

    /** A forwarder whose messages wait for a batch when {@code flags} (may be null: never) turn batching on. */
    RemoteForwarder(Transport transport, String destination, String replyTo, PendingReplies pending,
                    WireSettingsResolver flags) {
        this.transport = transport;
        this.destination = destination;
        this.replyTo = replyTo;
        this.pending = pending;
        this.flags = flags;
    }

    /** The platform's cross-node records and their constraints (immutable, shared). */
    private static final MessageTypeRegistry WIRE_TYPES = PlatformWireTypes.registry();

    @Override
    public void onStart(WorkerContext context) {
        this.context = context;
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
        BatchSettings batching = flags == null ? null
                : flags.resolve(routed.source(), routed.target(), routed.correlationId()).batching();
        if (batching == null || !batching.enabled()) {
            unbatchedWaiting = true;
        } else {
            held++;
            heldLimit = Math.min(heldLimit, batching.maxMessages());
            dueNanos = Math.min(dueNanos, System.nanoTime() + batching.maxDelay().toNanos());
        }
    }

    /** Sends what waits unless every waiting message is batched and its batch is neither full nor due. */
    @Override
    public void onBatchEnd(int count, WorkerContext context) {
        if (batch.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (unbatchedWaiting || held >= heldLimit || now - dueNanos >= 0) {
            forward();
        } else if (!timerSet) {
            timerSet = true;
            context.runLater(Duration.ofNanos(dueNanos - now), this::onTimer);
        }
    }

    /** On this worker's thread when the oldest waiting message may be due. */
    private void onTimer() {
        timerSet = false;
        if (batch.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (now - dueNanos >= 0) {
            forward();
        } else {
            timerSet = true;
            context.runLater(Duration.ofNanos(dueNanos - now), this::onTimer);
        }
    }

    /**
     * Flushes everything waiting. Envelopes the stream refuses (full) are sent again until taken; if the flush itself
     * fails (Redis unreachable) the whole batch is sent again after a pause, at least once: a receiver's inbox drops
     * an envelope that had already arrived. Gives up only when the worker's thread is interrupted (forced stop).
     */
    private void forward() {
        List<Outgoing> unsent = List.copyOf(batch);
        batch.clear();
        held = 0;
        heldLimit = Integer.MAX_VALUE;
        dueNanos = Long.MAX_VALUE;
        unbatchedWaiting = false;
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
        if (sender != null && !batch.isEmpty()) {
            forward();
        }
        if (sender != null) {
            sender.close();
        }
    }
}
