package dev.crystal.cluster;

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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in, on this node, for a domain that runs on another node: every message, event and request addressed to
 * the domain is forwarded unchanged (same message id, correlation and causation) to the domain's stream, in one
 * flush per mailbox batch. A request travels with this node's reply destination and its reply handle waits in the
 * {@link PendingReplies}.
 *
 * <p>Before a message is queued it is checked (a message that breaks its constraints is refused here, naming each
 * field). Batching: when the batching rule gives a batch for a message (its route and correlation id), the message
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
    private final Consumer<Object> check;
    private final ForwardBatching batching;
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
        this(transport, destination, replyTo, pending, payload -> { }, null);
    }

    /**
     * A forwarder that refuses a message {@code check} throws for, and whose messages wait for a batch when
     * {@code batching} (may be null: never) gives one.
     */
    RemoteForwarder(Transport transport, String destination, String replyTo, PendingReplies pending,
                    Consumer<Object> check, ForwardBatching batching) {
        this.transport = transport;
        this.destination = destination;
        this.replyTo = replyTo;
        this.pending = pending;
        this.check = check;
        this.batching = batching;
    }

    @Override
    public void onStart(WorkerContext context) {
        this.context = context;
        sender = transport.openSender();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onMessage(Envelope<Object> envelope, WorkerContext context) {
        // A message that breaks its field constraints is refused here, naming each field (the handler fails, so it
        // is dead-lettered and a waiting request is answered), instead of failing the batch's send.
        check.accept(envelope.payload());
        Envelope<Object> routed = envelope.target().equals(destination) ? envelope
                : envelope.withTarget(destination); // keeps ids, priority and time-to-live
        ReplyHandle<Object> handle = null;
        if (context.awaitsReply() && envelope.payload() instanceof Request<?> request) {
            handle = (ReplyHandle<Object>) context.replyHandle(request);
            pending.await(envelope.messageId(), handle);
        }
        batch.add(new Outgoing(routed, handle));
        ForwardBatching.Batch window = batching == null ? null
                : batching.batchOf(routed.source(), routed.target(), routed.correlationId());
        if (window == null) {
            unbatchedWaiting = true;
        } else {
            held++;
            heldLimit = Math.min(heldLimit, window.maxMessages());
            dueNanos = Math.min(dueNanos, System.nanoTime() + window.maxDelay().toNanos());
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
