package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.OverflowPolicy;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.RestartPolicy;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.RetryPolicy;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerHealth.WorkerState;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.spi.Hop;
import dev.crystal.runtime.spi.HopTracer;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One worker (or one partition of a worker), its bounded two-lane mailbox and the thread that runs it.
 * High-priority envelopes go to their own lane; the cell takes them first, at most {@link Priority#HIGH_BURST}
 * in a row while normal ones wait. An envelope whose time-to-live has passed when its turn comes is
 * dead-lettered ({@code EXPIRED}, counted in {@code crystal.messages.expired}) instead of handled.
 * Thread ownership: the worker, its context and the processed/error/sequence counters are written only by
 * the cell's current thread (one at a time; a restart hands over through the timer); senders on any thread
 * offer to the queues and read volatile/atomic fields; the stuck watch fields belong to the timer thread.
 * Per-message consumer state lives in locals or other objects, never in fields of this class, which
 * producers read on every send (a write here would bounce the cache line between the two cores).
 */
final class WorkerCell<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCell.class);
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(WorkerCell.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * Time one message in {@value #TIMING_SAMPLE_EVERY} (and the first after the thread parked), counted across
     * batches: a recording into the percentile histogram costs more than a whole hop, and a per-batch rule
     * timed every message whenever the worker kept up (batches of one).
     */
    private static final int TIMING_SAMPLE_EVERY = 128;
    /**
     * Look at the mailbox depth on one batch in {@value #DEPTH_SAMPLE_EVERY}, after a full batch and after a park
     * (the high-water mark is a sampled gauge; {@link #highWaterMark()} also takes the depth when it is read).
     */
    private static final int DEPTH_SAMPLE_EVERY = 16;
    private static final long INBOUND_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int BACKPRESSURE_SPINS = 256;
    private static final long BACKPRESSURE_YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BACKPRESSURE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private enum Stop { NONE, DRAIN, ABANDON }

    /** The address senders use (the partitioned address for a partition). */
    final Address<T> address;
    /** This cell's own name: the address name, or {@code name#index} for a partition. */
    final String name;
    final WorkerOptions options;
    private final Worker<T> worker;
    private final LocalWorkerRuntime runtime;
    private final MpscArrayQueue<Object> mailbox;
    /** The high-priority lane, same capacity; empty unless senders mark envelopes {@link Priority#HIGH}. */
    private final MpscArrayQueue<Object> urgent;
    /** Replies and timers: never refused, so an answer is never lost to a full mailbox. */
    private final MpscUnboundedArrayQueue<Callback> callbacks = new MpscUnboundedArrayQueue<>(64);
    private final CellContext context;
    private final CellMeters meters;
    private final Logger workerLog;
    /** Transport feeding this cell, if any: set before start, then used only by the cell's thread. */
    private TransportReceiver inbound;
    /** The transport behind {@link #inbound}: answers to requests that carry a reply-to go back through it. */
    private Transport inboundTransport;
    private Duration reclaimAfter = Duration.ofSeconds(30);
    private long lastReclaimNanos;
    /** While the transport is failing: no polling before this {@code nanoTime}. Cell thread only. */
    private long inboundPausedUntil;
    private static final long INBOUND_RETRY_NANOS = 1_000_000_000L;
    /** Whether the worker overrides {@link Worker#onBatchEnd}; if not, the batch end costs nothing. */
    private final boolean hasBatchHook;
    /** Where hop records go, or {@code null} (no tracing: one null check per message). */
    private final HopTracer tracer;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    /** Odd while a handler or callback runs; bumped on entry and exit. */
    private final AtomicLong handlingSequence = new AtomicLong();
    private final AtomicBoolean awaitingRestart = new AtomicBoolean();
    private final RestartWindow restartWindow;
    private final StuckWatch stuckWatch;
    private volatile int highWaterMark;
    private volatile WorkerState state = WorkerState.CREATED;
    private volatile boolean parked;
    private volatile Stop stop = Stop.NONE;
    private volatile Instant startedAt;
    private volatile Thread thread;
    private volatile boolean stuck;

    WorkerCell(Address<T> address, String name, Worker<T> worker, WorkerOptions options,
               LocalWorkerRuntime runtime) {
        this.address = address;
        this.name = name;
        this.worker = worker;
        this.options = options;
        this.runtime = runtime;
        this.mailbox = new MpscArrayQueue<>(options.mailboxCapacity());
        this.urgent = new MpscArrayQueue<>(options.mailboxCapacity());
        this.context = new CellContext(this, runtime);
        this.workerLog = LoggerFactory.getLogger("crystal.worker." + name);
        this.hasBatchHook = overridesBatchEnd(worker);
        this.tracer = runtime.config().hopTracer();
        this.restartWindow = new RestartWindow(options.restartPolicy());
        this.stuckWatch = new StuckWatch(handlingSequence, options.stuckThreshold().toNanos());
        this.meters = new CellMeters(runtime.config().meterRegistry(), runtime.config().name(), name, this);
    }

    /** Attaches a transport receiver (before start); the cell's thread polls, handles and acknowledges it. */
    void attachInbound(Transport transport, TransportReceiver receiver, Duration reclaimAfterIdle) {
        this.inboundTransport = transport;
        this.inbound = receiver;
        this.reclaimAfter = reclaimAfterIdle;
    }

    Logger workerLog() {
        return workerLog;
    }

    CellMeters meters() {
        return meters;
    }

    // ---- producer side (any thread) ----

    /** Offers a plain envelope or a {@link Letter}; applies the overflow policy when full. */
    Delivery offer(Object item) {
        if (state == WorkerState.FAILED) {
            deadLetter(item, "worker " + name + " has failed and is not restarted", "");
            return Delivery.DEAD_LETTERED;
        }
        MpscArrayQueue<Object> lane = envelopeOf(item).priority() == Priority.HIGH ? urgent : mailbox;
        if (lane.offer(item) || offerUnderPolicy(lane, item)) {
            wake();
            return Delivery.ACCEPTED;
        }
        if (options.overflowPolicy() == OverflowPolicy.DEAD_LETTER) {
            deadLetter(item, "mailbox full (" + options.mailboxCapacity() + ")", "");
            return Delivery.DEAD_LETTERED;
        }
        rejected.incrementAndGet();
        failReply(item, ReplyFailure.REJECTED, "mailbox of " + name + " is full");
        return Delivery.REJECTED;
    }

    private void deadLetter(Object item, String reason, String stackTrace) {
        deadLettered.incrementAndGet();
        runtime.deadLetterStore().add(envelopeOf(item), reason, stackTrace);
        failReply(item, ReplyFailure.REJECTED, reason);
    }

    private boolean offerUnderPolicy(MpscArrayQueue<Object> lane, Object item) {
        if (options.overflowPolicy() != OverflowPolicy.BACKPRESSURE || Thread.currentThread() == thread) {
            return false; // a worker waiting on its own mailbox would deadlock
        }
        // Spin, then yield, then park: a busy consumer usually makes room within microseconds.
        for (int i = 0; i < BACKPRESSURE_SPINS; i++) {
            Thread.onSpinWait();
            if (lane.offer(item)) {
                return true;
            }
        }
        // Then yield while the consumer works (it frees room soon), and park only once that has not helped.
        long start = System.nanoTime();
        long deadline = start + options.sendTimeout().toNanos();
        long now;
        while ((now = System.nanoTime()) < deadline) {
            wake();
            if (now - start < BACKPRESSURE_YIELD_NANOS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(BACKPRESSURE_PARK_NANOS);
            }
            if (lane.offer(item)) {
                return true;
            }
            if (stop != Stop.NONE || state == WorkerState.FAILED) {
                return false;
            }
        }
        return false;
    }

    /** Posts a callback (reply or timer) to run on this worker's thread; never refused. */
    void post(Callback callback) {
        callbacks.offer(callback);
        wake();
    }

    /**
     * Unparks the worker if it is parked. Only the sender that flips {@link #parked} back to false unparks:
     * until the woken thread is scheduled again (tens of microseconds), every later send would otherwise pay
     * for another unpark (a mutex and a signal) and the sender would crawl. The flag can be cleared early only
     * by a sender that then unparks, so no wake-up is lost.
     */
    private void wake() {
        if (parked && PARKED.compareAndSet(this, true, false)) {
            LockSupport.unpark(thread);
        }
    }

    // ---- consumer side (the cell's own thread) ----

    void start() {
        startedAt = runtime.config().clock().instant();
        startThread();
    }

    private void startThread() {
        Thread t = Thread.ofPlatform().name("crystal-" + runtime.config().name() + "-" + name)
                .daemon(true).unstarted(this::run);
        thread = t;
        t.start();
    }

    /** Parks the calling (owner) thread unless work or a stop request arrived; producers unpark it. */
    void parkUntilWoken(long maxNanos) {
        parked = true;
        try {
            if (mailbox.isEmpty() && urgent.isEmpty() && callbacks.isEmpty() && stop == Stop.NONE) {
                MDC.clear();
                context.forgetMdc();
                // A transport cannot wake this thread, so a fed worker polls it every millisecond.
                LockSupport.parkNanos(this, inbound == null ? maxNanos : Math.min(maxNanos, INBOUND_POLL_NANOS));
            }
        } finally {
            parked = false;
        }
    }

    private void run() {
        state = stop == Stop.NONE ? WorkerState.RUNNING : WorkerState.DRAINING;
        IdleLoop idle = new IdleLoop(options.idleStrategy(), runtime.spinPermits());
        try {
            invokeLifecycle(true);
            // Allocated by this thread (its own TLAB, away from the lines senders read) and used only here.
            Sampler sampler = new Sampler(tracer == null ? null : new TraceBatch(options.maxBatch()));
            while (true) {
                int callbacksRun = runCallbacks();
                int drained = drainMailbox(sampler);
                if (callbacksRun > 0 && drained == 0) {
                    endCallbackBatch(); // replies and timers commit as a batch too (group commit)
                }
                int work = callbacksRun + drained + drainInbound(sampler);
                Stop s = stop;
                if (s == Stop.ABANDON) {
                    break;
                }
                if (work > 0) {
                    idle.reset();
                    continue;
                }
                if (s == Stop.DRAIN) {
                    break;
                }
                if (idle.idle(this)) {
                    sampler.afterPark(); // a quiet worker still gets timings and depths
                }
            }
            if (stop == Stop.DRAIN) {
                invokeLifecycle(false);
            }
            if (inbound != null) {
                inbound.close();
            }
            state = WorkerState.STOPPED;
        } catch (Throwable crash) {
            onCrash(crash);
        } finally {
            idle.reset(); // hands back a spin permit held when the loop ended
            MDC.clear();
            context.forgetMdc();
        }
    }

    private int runCallbacks() {
        int count = 0;
        Callback callback;
        while ((callback = callbacks.poll()) != null) {
            count++;
            context.enterCallback(callback);
            handlingSequence.lazySet(handlingSequence.get() + 1);
            try {
                callback.action().run();
            } catch (RuntimeException e) {
                errors.lazySet(errors.get() + 1);
                workerLog.error("callback failed on {}", name, e);
            } finally {
                handlingSequence.lazySet(handlingSequence.get() + 1);
                context.leave();
            }
        }
        return count;
    }

    /**
     * Ends a loop turn that ran callbacks (replies, timers) but drained no message: {@code onBatchEnd(0)} lets the
     * worker commit what the callbacks did as one batch. A turn that also drained messages ends in that batch's
     * {@code onBatchEnd}, which covers the callbacks before it.
     */
    private void endCallbackBatch() throws Exception {
        if (hasBatchHook && stop != Stop.ABANDON) {
            context.enterLifecycle();
            try {
                worker.onBatchEnd(0, context);
            } finally {
                context.leave();
            }
        }
    }

    private int drainMailbox(Sampler sampler) throws Exception {
        // Poll first: an empty poll reads only the slot, while size() reads the producer index that senders
        // CAS (an idle spin on it would steal that cache line from them).
        if (stop == Stop.ABANDON) {
            return 0;
        }
        // High first: an empty poll of the urgent lane reads one slot the consumer already owns.
        int highRun = 0;
        Object item = urgent.relaxedPoll();
        if (item != null) {
            highRun = 1;
        } else if ((item = mailbox.relaxedPoll()) == null) {
            return 0;
        }
        int max = options.maxBatch();
        if (sampler.depthDue()) {
            // The depth as this batch starts (the item just taken included). size() reads the producer index
            // that every send CASes, so it is read on sampled batches only, not on every batch.
            // Capped: a sender may refill the freed slot before size() looks.
            int depth = Math.min(mailbox.size() + 1, mailbox.capacity());
            if (depth > highWaterMark) {
                highWaterMark = depth; // only this thread writes it, and only when it grows
            }
        }
        int count = 0;
        while (true) {
            handle(item, sampler);
            count++;
            if (count >= max || stop == Stop.ABANDON) {
                break;
            }
            // Up to HIGH_BURST high-priority messages, then one normal if one waits: highs go first, normals
            // are never starved.
            item = null;
            if (highRun < Priority.HIGH_BURST && (item = urgent.relaxedPoll()) != null) {
                highRun++;
            } else if ((item = mailbox.relaxedPoll()) != null) {
                highRun = 0;
            } else if ((item = urgent.relaxedPoll()) != null) {
                highRun = 1;
            } else {
                break;
            }
        }
        if (count == max) {
            sampler.untilDepth = 0; // a full batch: a backlog may be building, look at the depth next time
        }
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
        return count;
    }

    /** Handles one batch from the attached transport, commits it ({@code onBatchEnd}), then acknowledges it. */
    private int drainInbound(Sampler sampler) throws Exception {
        TransportReceiver receiver = inbound;
        if (receiver == null) {
            return 0;
        }
        long now = System.nanoTime();
        if (inboundPausedUntil != 0 && now - inboundPausedUntil < 0) {
            return 0;
        }
        List<Inbound> batch;
        try {
            if (now - lastReclaimNanos >= reclaimAfter.toNanos() / 2) {
                lastReclaimNanos = now;
                receiver.reclaim(reclaimAfter);
            }
            batch = receiver.poll(options.maxBatch());
        } catch (RuntimeException transportDown) {
            pauseInbound("polling", transportDown, now);
            return 0;
        }
        if (batch.isEmpty()) {
            return 0;
        }
        int handled = 0;
        for (Inbound message : byPriority(batch)) {
            if (stop == Stop.ABANDON) {
                return batch.size(); // not acknowledged: another member reclaims it
            }
            Envelope<?> envelope = message.envelope();
            if (!address.messageType().isInstance(envelope.payload())) {
                deadLetter(envelope, "inbound " + envelope.type() + " is not a " + address.messageType().getName(), "");
                continue;
            }
            Object item = message.replyTo() == null ? envelope : new Letter(envelope, new TransportReplyHandle<>(
                    inboundTransport, message.replyTo(), envelope, address.name(), runtime.config().clock()));
            handle(item, sampler);
            handled++;
        }
        if (handled > 0 && hasBatchHook) {
            context.enterLifecycle();
            try {
                worker.onBatchEnd(handled, context);
            } finally {
                context.leave();
            }
        }
        if (sampler.traces != null) {
            sampler.traces.committed(tracer, name);
        }
        try {
            receiver.ack(batch);
        } catch (RuntimeException transportDown) {
            // The effects are committed; the batch stays pending and comes back, where the inbox drops it.
            pauseInbound("acknowledging", transportDown, System.nanoTime());
        }
        return batch.size();
    }

    /**
     * The polled batch in the order the mailbox would take it: high-priority entries first, at most
     * {@link Priority#HIGH_BURST} in a row while normal ones wait, each lane in stream order. The batch itself
     * (returned unchanged when it holds no high-priority entry) is what gets acknowledged.
     */
    static List<Inbound> byPriority(List<Inbound> batch) {
        int high = 0;
        for (Inbound message : batch) {
            if (message.envelope().priority() == Priority.HIGH) {
                high++;
            }
        }
        if (high == 0 || high == batch.size()) {
            return batch;
        }
        List<Inbound> highs = new ArrayList<>(high);
        List<Inbound> normals = new ArrayList<>(batch.size() - high);
        for (Inbound message : batch) {
            (message.envelope().priority() == Priority.HIGH ? highs : normals).add(message);
        }
        List<Inbound> ordered = new ArrayList<>(batch.size());
        int h = 0;
        int n = 0;
        while (h < highs.size() || n < normals.size()) {
            for (int run = 0; run < Priority.HIGH_BURST && h < highs.size(); run++) {
                ordered.add(highs.get(h++));
            }
            if (n < normals.size()) {
                ordered.add(normals.get(n++));
            }
        }
        return ordered;
    }

    /** A transport failure is not the worker's: wait a second and try again, instead of crashing the worker. */
    private void pauseInbound(String doing, RuntimeException failure, long now) {
        inboundPausedUntil = now + INBOUND_RETRY_NANOS;
        workerLog.warn("{} {} failed, trying again in 1 s: {}", doing, name, failure.toString());
    }

    /**
     * Which messages have their processing time recorded and which batches look at the mailbox depth (for
     * the high-water mark). Owned by the cell's thread. Both are due at the start and after every park.
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

    /** Handles one mailbox item; samples its processing time and traces it when due (locals, not fields: see class note). */
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
        deadLettered.incrementAndGet();
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
                processed.lazySet(processed.get() + 1);
                runtime.deadLetterStore().succeeded(envelope.target(), envelope);
                return attempt;
            } catch (Exception | LinkageError | AssertionError e) {
                errors.lazySet(errors.get() + 1);
                if (attempt < retry.maxAttempts() && stop != Stop.ABANDON) {
                    workerLog.warn("handler of {} failed on {} (attempt {} of {}), retrying: {}", name,
                            envelope.type(), attempt, retry.maxAttempts(), e.toString());
                    pause(retry.backoffBefore(attempt + 1));
                    continue;
                }
                String reason = "handler failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                workerLog.error("handler of {} failed on {}", name, envelope.type(), e);
                deadLettered.incrementAndGet();
                runtime.deadLetterStore().add(envelope, DeadLetterReason.ofHandlerFailure(e), reason, stackTrace(e),
                        attempt);
                if (replyTo != null) {
                    replyTo.fail(ReplyFailure.RECIPIENT_FAILURE, reason);
                }
                return -attempt;
            } catch (Error fatal) {
                errors.lazySet(errors.get() + 1);
                String reason = "worker crashed: " + fatal.getClass().getSimpleName()
                        + (fatal.getMessage() == null ? "" : ": " + fatal.getMessage());
                deadLettered.incrementAndGet();
                runtime.deadLetterStore().add(envelope, DeadLetterReason.WORKER_CRASHED, reason, stackTrace(fatal),
                        attempt);
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

    /** Runs on the crashed thread: schedules a restart with back-off, or marks the worker failed. */
    private void onCrash(Throwable crash) {
        LOG.error("worker {} crashed", name, crash);
        if (stop == Stop.ABANDON) {
            state = WorkerState.STOPPED;
            return;
        }
        Duration backoff = restartWindow.nextBackoff(System.nanoTime());
        if (backoff == null) {
            RestartPolicy policy = options.restartPolicy();
            LOG.error("worker {} exceeded {} restarts in {}; it is marked FAILED", name, policy.maxRestarts(),
                    policy.window());
            state = WorkerState.FAILED;
            Object item;
            while ((item = urgent.poll()) != null || (item = mailbox.poll()) != null) {
                deadLetter(item, "worker " + name + " failed: " + crash, stackTrace(crash));
            }
            return;
        }
        restarts.incrementAndGet();
        LOG.warn("restarting worker {} in {} (restart {} in window)", name, backoff,
                restartWindow.restartsInWindow());
        awaitingRestart.set(true);
        try {
            runtime.timer().schedule(this::restartIfAwaited, backoff.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException timerStopped) {
            if (stop == Stop.NONE) {
                restartIfAwaited();
                return;
            }
            // The runtime is stopping and its timer is gone: restarting at once would crash again in a tight loop
            // (a closed store fails every start), so the worker ends here and what it could not handle is kept.
            if (awaitingRestart.compareAndSet(true, false)) {
                LOG.error("worker {} crashed while the runtime stops; its remaining messages are dead-lettered", name);
                state = WorkerState.STOPPED;
                Object item;
                while ((item = urgent.poll()) != null || (item = mailbox.poll()) != null) {
                    deadLetter(item, "worker " + name + " stopped after a crash: " + crash, stackTrace(crash));
                }
            }
        }
    }

    private void restartIfAwaited() {
        if (awaitingRestart.compareAndSet(true, false)) {
            startThread();
        }
    }

    // ---- control and observation (any thread) ----

    /** Asks the worker to drain its mailbox, run {@code onStop} and end. */
    void requestStop() {
        if (stop == Stop.NONE) {
            stop = Stop.DRAIN;
        }
        if (state == WorkerState.RUNNING) {
            state = WorkerState.DRAINING;
        }
        restartIfAwaited();
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Asks the worker to end now, leaving its mailbox, and interrupts a running handler. */
    void requestAbandon() {
        stop = Stop.ABANDON;
        awaitingRestart.set(false);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            LockSupport.unpark(t);
        }
    }

    boolean idleNow() {
        return mailbox.isEmpty() && urgent.isEmpty() && callbacks.isEmpty() && (handlingSequence.get() & 1) == 0
                && !awaitingRestart.get();
    }

    int depth() {
        return mailbox.size() + urgent.size();
    }

    /** Waits until the worker's thread (including any restarted one) has ended. */
    boolean awaitStopped(long deadlineNanos) throws InterruptedException {
        while (true) {
            Thread t = thread;
            if (t == null) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive() && !awaitingRestart.get();
            }
            boolean ended;
            try {
                ended = t.join(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20))));
            } catch (IllegalThreadStateException notYetStarted) { // a restart between publishing and starting it
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            if (ended && thread == t && !awaitingRestart.get()) {
                return true;
            }
        }
    }

    /** Called periodically by the runtime's timer thread: flags a handler running past the threshold. */
    void watchForStuck(long nowNanos) {
        boolean now = stuckWatch.check(nowNanos);
        if (now && !stuck) {
            meters.stuck();
            Thread t = thread;
            LOG.warn("worker {} is stuck: one handler has run for more than {}{}", name, options.stuckThreshold(),
                    t == null ? "" : " at " + firstFrames(t));
        }
        if (now != stuck) {
            stuck = now; // written on change only: producers read this cache line on every send
        }
    }

    long processedCount() {
        return processed.get();
    }

    long errorCount() {
        return errors.get();
    }

    long rejectedCount() {
        return rejected.get();
    }

    long deadLetteredCount() {
        return deadLettered.get();
    }

    long restartCount() {
        return restarts.get();
    }

    int highWaterMark() {
        return Math.max(highWaterMark, mailbox.size() + urgent.size());
    }

    double uptimeSeconds() {
        Instant started = startedAt;
        return started == null ? 0 : Duration.between(started, runtime.config().clock().instant()).toMillis() / 1000.0;
    }

    WorkerHealth health() {
        Instant started = startedAt;
        Duration uptime = started == null ? Duration.ZERO
                : Duration.between(started, runtime.config().clock().instant());
        return new WorkerHealth(name, state, uptime, processed.get(), errors.get(), depth(),
                options.mailboxCapacity(), highWaterMark(), rejected.get(), deadLettered.get(), restarts.get(),
                stuck);
    }

    private static boolean overridesBatchEnd(Worker<?> worker) {
        try {
            return worker.getClass().getMethod("onBatchEnd", int.class, dev.crystal.runtime.WorkerContext.class)
                    .getDeclaringClass() != Worker.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static String firstFrames(Thread t) {
        StackTraceElement[] frames = t.getStackTrace();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(3, frames.length); i++) {
            out.append(i == 0 ? "" : " < ").append(frames[i]);
        }
        return out.toString();
    }

    static Envelope<?> envelopeOf(Object item) {
        return item instanceof Letter letter ? letter.envelope() : (Envelope<?>) item;
    }

    private static void failReply(Object item, ReplyFailure kind, String detail) {
        if (item instanceof Letter letter) {
            letter.replyTo().fail(kind, detail);
        }
    }

    /** Frames of the failure itself kept in a letter's error text; a cause keeps fewer. */
    static final int ERROR_FRAMES = 6;
    static final int CAUSE_FRAMES = 3;

    /**
     * A failure as a dead letter keeps it: one line per exception (simple class name and message, the outermost
     * first, causes after {@code caused by}) each followed by its top frames, so an operator reads it at once.
     */
    static String stackTrace(Throwable t) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable e = t; e != null && depth < 5; e = e.getCause() == e ? null : e.getCause(), depth++) {
            if (depth > 0) {
                out.append("caused by ");
            }
            out.append(e.getClass().getSimpleName());
            if (e.getMessage() != null) {
                out.append(": ").append(e.getMessage().strip());
            }
            out.append('\n');
            StackTraceElement[] frames = e.getStackTrace();
            int keep = Math.min(frames.length, depth == 0 ? ERROR_FRAMES : CAUSE_FRAMES);
            for (int i = 0; i < keep; i++) {
                out.append("  at ").append(frames[i]).append('\n');
            }
            if (frames.length > keep) {
                out.append("  ... ").append(frames.length - keep).append(" more\n");
            }
        }
        return out.toString();
    }
}
