package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.RetryPolicy;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.spi.Hop;
import dev.crystal.runtime.spi.HopTracer;
import dev.crystal.runtime.spi.Inbound;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The duty cycle of one cell, in the shape of Agrona's {@code Agent}: {@link #onStart}, then {@link #doWork} until
 * the cell stops (callbacks, then a batch from the mailbox, then a batch from the inbound feed; returns the work
 * done so the runner knows when to idle), then {@link #onClose}. A message is handled with retries; one whose
 * time-to-live has passed when its turn comes is dead-lettered ({@code EXPIRED}, counted in
 * {@code crystal.messages.expired}) instead; one the handler keeps failing is dead-lettered with its failure. Each
 * batch, whichever source it came from, ends in {@link #endBatch}: the one place {@link Worker#onBatchEnd} commits it.
 * Thread ownership: everything here belongs to the cell's current thread (one at a time; a restart hands over
 * through the timer), except the handling sequence, which the stuck watch and shutdown read.
 */
final class CellAgent<T> {
    /**
     * Time one message in {@value #TIMING_SAMPLE_EVERY} (and the first after the thread parked), counted across
     * batches: a recording into the percentile histogram costs more than a whole hop, and a per-batch rule
     * timed every message whenever the worker kept up (batches of one).
     */
    private static final int TIMING_SAMPLE_EVERY = 128;
    /**
     * Look at the mailbox depth on one batch in {@value #DEPTH_SAMPLE_EVERY}, after a full batch and after a park
     * (the high-water mark is a sampled gauge; {@link CellMailbox#highWaterMark()} also takes the depth when read).
     */
    private static final int DEPTH_SAMPLE_EVERY = 16;

    private final Address<T> address;
    private final String name;
    private final Worker<T> worker;
    private final WorkerOptions options;
    private final LocalWorkerRuntime runtime;
    private final CellRunState run;
    private final CellMailbox mailbox;
    private final CellCounters counters;
    private final CellContext context;
    private final CellMeters meters;
    private final Logger workerLog;
    /** Whether the worker overrides {@link Worker#onBatchEnd}; if not, the batch end costs nothing. */
    private final boolean hasBatchHook;
    /** Where hop records go, or {@code null} (no tracing: one null check per message). */
    private final HopTracer tracer;
    /** Odd while a handler or callback runs; bumped on entry and exit. */
    private final AtomicLong handlingSequence = new AtomicLong();
    /** The transport feeding this cell, if any: attached before start. */
    private InboundFeed inbound;
    /** Created by each thread that runs the agent (its own TLAB, away from the lines senders read). */
    private Sampler sampler;

    CellAgent(Address<T> address, String name, Worker<T> worker, WorkerOptions options, LocalWorkerRuntime runtime,
              CellRunState run, CellMailbox mailbox, CellCounters counters, CellContext context, CellMeters meters,
              Logger workerLog) {
        this.address = address;
        this.name = name;
        this.worker = worker;
        this.options = options;
        this.runtime = runtime;
        this.run = run;
        this.mailbox = mailbox;
        this.counters = counters;
        this.context = context;
        this.meters = meters;
        this.workerLog = workerLog;
        this.hasBatchHook = overridesBatchEnd(worker);
        this.tracer = runtime.config().hopTracer();
    }

    /** Attaches the transport feed (before start). */
    void attach(InboundFeed feed) {
        this.inbound = feed;
    }

    AtomicLong handlingSequence() {
        return handlingSequence;
    }

    /** Whether a handler or callback is running now (any thread). */
    boolean handling() {
        return (handlingSequence.get() & 1) != 0;
    }

    // ---- the duty cycle (the cell's current thread) ----

    /** Runs the worker's {@code onStart} on a new thread of the cell. */
    void onStart() throws Exception {
        invokeLifecycle(true);
        sampler = new Sampler(tracer == null ? null : new TraceBatch(options.maxBatch()));
    }

    /**
     * One turn: every waiting callback, then a batch from the mailbox, then one from the feed. The callbacks belong
     * to the mailbox batch (its {@code onBatchEnd} commits them too); a turn that ran callbacks but drained no
     * message ends with {@code onBatchEnd(0)}, so replies and timers are group-committed like messages.
     */
    int doWork() throws Exception {
        int callbacks = runCallbacks();
        int drained = drainMailbox();
        if (callbacks > 0 && drained == 0) {
            endCallbackBatch();
        }
        return callbacks + drained + drainInbound();
    }

    /**
     * Parks until a sender wakes the thread, at most {@code maxNanos}; a fed cell also until its receiver wakes it
     * (or one poll interval, if the receiver cannot).
     */
    void parkUntilWoken(long maxNanos) {
        MDC.clear();
        context.forgetMdc();
        InboundFeed feed = inbound;
        if (feed == null) {
            mailbox.parkUntilWoken(maxNanos, null);
        } else {
            mailbox.parkUntilWoken(feed.parkNanos(maxNanos), feed);
        }
    }

    /** The thread parked: a quiet worker still gets timings and depths. */
    void afterPark() {
        sampler.afterPark();
    }

    /** The loop ended: runs {@code onStop} when the cell drained (not when it abandoned), closes the feed. */
    void onClose(boolean drained) throws Exception {
        if (drained) {
            invokeLifecycle(false);
        }
        if (inbound != null) {
            inbound.close();
        }
    }

    /** The thread ends (stopped or crashed): its MDC goes with it. */
    void onThreadEnd() {
        MDC.clear();
        context.forgetMdc();
    }

    private int runCallbacks() {
        int count = 0;
        Callback callback;
        while ((callback = mailbox.pollCallback()) != null) {
            count++;
            context.enterCallback(callback);
            handlingSequence.lazySet(handlingSequence.get() + 1);
            try {
                callback.action().run();
            } catch (RuntimeException e) {
                counters.errorOne();
                workerLog.error("callback failed on {}", name, e);
            } finally {
                handlingSequence.lazySet(handlingSequence.get() + 1);
                context.leave();
            }
        }
        return count;
    }

    private int drainMailbox() throws Exception {
        // Poll first: an empty poll reads only the slot, while size() reads the producer index that senders
        // CAS (an idle spin on it would steal that cache line from them).
        if (run.abandoning()) {
            return 0;
        }
        // High first: an empty poll of the urgent lane reads one slot the consumer already owns.
        int highRun = 0;
        Object item = mailbox.pollUrgent();
        if (item != null) {
            highRun = 1;
        } else if ((item = mailbox.pollNormal()) == null) {
            return 0;
        }
        Sampler sampler = this.sampler;
        int max = options.maxBatch();
        if (sampler.depthDue()) {
            mailbox.sampleDepth(); // on sampled batches only: it reads the index every send CASes
        }
        int count = 0;
        while (true) {
            handle(item, sampler);
            count++;
            if (count >= max || run.abandoning()) {
                break;
            }
            // Up to HIGH_BURST high-priority messages, then one normal if one waits: highs go first, normals
            // are never starved.
            item = null;
            if (highRun < Priority.HIGH_BURST && (item = mailbox.pollUrgent()) != null) {
                highRun++;
            } else if ((item = mailbox.pollNormal()) != null) {
                highRun = 0;
            } else if ((item = mailbox.pollUrgent()) != null) {
                highRun = 1;
            } else {
                break;
            }
        }
        if (count == max) {
            sampler.untilDepth = 0; // a full batch: a backlog may be building, look at the depth next time
        }
        endBatch(count, sampler);
        return count;
    }

    /** Handles one batch from the attached transport, commits it ({@code onBatchEnd}), then acknowledges it. */
    private int drainInbound() throws Exception {
        InboundFeed feed = inbound;
        if (feed == null) {
            return 0;
        }
        List<Inbound> batch = feed.poll(options.maxBatch());
        if (batch.isEmpty()) {
            return 0;
        }
        Sampler sampler = this.sampler;
        int handled = 0;
        for (Inbound message : InboundFeed.byPriority(batch)) {
            if (run.abandoning()) {
                return batch.size(); // not acknowledged: another member reclaims it
            }
            Envelope<?> envelope = message.envelope();
            if (!address.messageType().isInstance(envelope.payload())) {
                mailbox.deadLetter(envelope, "inbound " + envelope.type() + " is not a "
                        + address.messageType().getName(), "");
                continue;
            }
            handle(feed.itemOf(message), sampler);
            handled++;
        }
        endBatch(handled, sampler);
        feed.ack(batch);
        return batch.size();
    }

    /** Ends a turn that ran only callbacks: {@code onBatchEnd(0)} commits what they did (not when abandoning). */
    private void endCallbackBatch() throws Exception {
        if (hasBatchHook && !run.abandoning()) {
            context.enterLifecycle();
            try {
                worker.onBatchEnd(0, context);
            } finally {
                context.leave();
            }
        }
    }

    /** Ends a batch of {@code count} handled messages: the worker commits it, then its traced hops go out. */
    private void endBatch(int count, Sampler sampler) throws Exception {
        if (count > 0 && hasBatchHook) {
            context.enterLifecycle();
            try {
                worker.onBatchEnd(count, context);
            } finally {
                context.leave();
            }
        }
        if (sampler.traces != null) {
            sampler.traces.committed(tracer, name);
        }
    }

    /** Handles one mailbox item; samples its processing time and traces it when due (locals, not fields). */
    @SuppressWarnings("unchecked")
    private void handle(Object item, Sampler sampler) {
        boolean timed = sampler.sample();
        Envelope<T> envelope;
        ReplyHandle<?> replyTo = null;
        if (item instanceof Letter letter) {
            envelope = (Envelope<T>) letter.envelope();
            replyTo = letter.replyTo();
        } else {
            envelope = (Envelope<T>) item;
        }
        if (envelope.ttlMillis() != 0 && expired(envelope, replyTo)) {
            return;
        }
        TraceBatch traces = sampler.traces;
        boolean traced = traces != null && tracer.traces(envelope.correlationId());
        context.enter(envelope, replyTo);
        handlingSequence.lazySet(handlingSequence.get() + 1);
        long start = timed || traced ? System.nanoTime() : 0L;
        int attempts = 0;
        try {
            attempts = handleWithRetries(envelope, replyTo);
        } catch (Error crash) {
            if (traced) {
                traces.add(envelope, start, System.nanoTime(), Hop.Outcome.CRASHED, 1);
                traces.committed(tracer, name);
            }
            throw crash;
        } finally {
            handlingSequence.lazySet(handlingSequence.get() + 1);
            if (timed) {
                meters.recordProcessing(System.nanoTime() - start);
            }
            context.leave();
        }
        if (traced) {
            traces.add(envelope, start, System.nanoTime(),
                    attempts > 0 ? Hop.Outcome.HANDLED : Hop.Outcome.DEAD_LETTERED, Math.abs(attempts));
        }
    }

    /** Dead-letters an envelope whose time-to-live has passed ({@code EXPIRED}); it is never handled. */
    private boolean expired(Envelope<T> envelope, ReplyHandle<?> replyTo) {
        long now = runtime.config().clock().millis();
        if (!envelope.expiredAt(now)) {
            return false;
        }
        String reason = "EXPIRED: time-to-live " + envelope.ttlMillis() + " ms from " + envelope.timestamp()
                + " had passed at " + Instant.ofEpochMilli(now);
        workerLog.warn("{} {} not handled by {}: {}", envelope.type(), envelope.messageId(), name, reason);
        counters.deadLettered.incrementAndGet();
        meters.expired(envelope.type());
        runtime.deadLetterStore().add(envelope, reason, "");
        if (replyTo != null) {
            replyTo.fail(ReplyFailure.REJECTED, reason);
        }
        return true;
    }

    /** Returns the attempts made: positive if the handler returned, negative if the message was dead-lettered. */
    private int handleWithRetries(Envelope<T> envelope, ReplyHandle<?> replyTo) {
        RetryPolicy retry = options.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            try {
                worker.onMessage(envelope, context);
                counters.processedOne();
                runtime.deadLetterStore().succeeded(envelope.target(), envelope);
                return attempt;
            } catch (Exception | LinkageError | AssertionError e) {
                counters.errorOne();
                if (attempt < retry.maxAttempts() && !run.abandoning()) {
                    workerLog.warn("handler of {} failed on {} (attempt {} of {}), retrying: {}", name,
                            envelope.type(), attempt, retry.maxAttempts(), e.toString());
                    pause(retry.backoffBefore(attempt + 1));
                    continue;
                }
                String reason = "handler failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                workerLog.error("handler of {} failed on {}", name, envelope.type(), e);
                counters.deadLettered.incrementAndGet();
                runtime.deadLetterStore().add(envelope, DeadLetterReason.ofHandlerFailure(e), reason,
                        WorkerCell.stackTrace(e), attempt);
                if (replyTo != null) {
                    replyTo.fail(ReplyFailure.RECIPIENT_FAILURE, reason);
                }
                return -attempt;
            } catch (Error fatal) {
                counters.errorOne();
                String reason = "worker crashed: " + fatal.getClass().getSimpleName()
                        + (fatal.getMessage() == null ? "" : ": " + fatal.getMessage());
                counters.deadLettered.incrementAndGet();
                runtime.deadLetterStore().add(envelope, DeadLetterReason.WORKER_CRASHED, reason,
                        WorkerCell.stackTrace(fatal), attempt);
                if (replyTo != null) {
                    replyTo.fail(ReplyFailure.RECIPIENT_FAILURE, reason);
                }
                throw fatal;
            }
        }
    }

    private static void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }

    private void invokeLifecycle(boolean starting) throws Exception {
        context.enterLifecycle();
        try {
            if (starting) {
                worker.onStart(context);
            } else {
                worker.onStop(context);
            }
        } finally {
            context.leave();
        }
    }

    private static boolean overridesBatchEnd(Worker<?> worker) {
        try {
            return worker.getClass().getMethod("onBatchEnd", int.class, WorkerContext.class)
                    .getDeclaringClass() != Worker.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /**
     * Which messages have their processing time recorded and which batches look at the mailbox depth (for
     * the high-water mark), and the traced hops of the current batch. Owned by the cell's current thread. Both
     * samples are due at the start and after every park.
     */
    private static final class Sampler {
        int untilNext;
        int untilDepth;
        /** The traced hops of the current batch, or {@code null} without a tracer. */
        final TraceBatch traces;

        Sampler(TraceBatch traces) {
            this.traces = traces;
        }

        boolean sample() {
            if (--untilNext >= 0) {
                return false;
            }
            untilNext = TIMING_SAMPLE_EVERY - 1;
            return true;
        }

        boolean depthDue() {
            if (--untilDepth >= 0) {
                return false;
            }
            untilDepth = DEPTH_SAMPLE_EVERY - 1;
            return true;
        }

        void afterPark() {
            untilNext = 0;
            untilDepth = 0;
        }
    }
}
