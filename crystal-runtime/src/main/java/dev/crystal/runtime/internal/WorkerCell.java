package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.OverflowPolicy;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerHealth.WorkerState;
import dev.crystal.runtime.WorkerOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One worker, its bounded mailbox and the thread that runs it.
 * Thread ownership: the worker, its context state and the processed/error counters belong to the
 * cell's own thread; senders on any thread only offer to the queues and read volatile/atomic fields.
 */
final class WorkerCell<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCell.class);

    final Address<T> address;
    final WorkerOptions options;
    private final Worker<T> worker;
    private final LocalWorkerRuntime runtime;
    private final MpscArrayQueue<Object> mailbox;
    /** Replies and timers: never refused, so an answer is never lost to a full mailbox. */
    private final MpscUnboundedArrayQueue<Callback> callbacks = new MpscUnboundedArrayQueue<>(64);
    private final CellContext context;
    private final Timer processingTimer;
    private final Logger workerLog;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile int highWaterMark;
    private volatile WorkerState state = WorkerState.CREATED;
    private volatile boolean parked;
    private volatile boolean stopRequested;
    private volatile Instant startedAt;
    private volatile long busySinceNanos;
    private Thread thread;

    WorkerCell(Address<T> address, Worker<T> worker, WorkerOptions options, LocalWorkerRuntime runtime) {
        this.address = address;
        this.worker = worker;
        this.options = options;
        this.runtime = runtime;
        this.mailbox = new MpscArrayQueue<>(options.mailboxCapacity());
        this.context = new CellContext(this, runtime);
        this.workerLog = LoggerFactory.getLogger("crystal.worker." + address.name());
        MeterRegistry registry = runtime.config().meterRegistry();
        Tags tags = Tags.of("worker", address.name(), "runtime", runtime.config().name());
        this.processingTimer = Timer.builder("crystal.worker.processing")
                .description("Time a worker's handler takes per message").tags(tags)
                .publishPercentileHistogram().register(registry);
        FunctionCounter.builder("crystal.worker.processed", processed, AtomicLong::get).tags(tags)
                .description("Messages handled successfully").register(registry);
        FunctionCounter.builder("crystal.worker.errors", errors, AtomicLong::get).tags(tags)
                .description("Handler failures").register(registry);
        FunctionCounter.builder("crystal.worker.rejected", rejected, AtomicLong::get).tags(tags)
                .description("Messages refused by a full mailbox").register(registry);
        FunctionCounter.builder("crystal.worker.dead.lettered", deadLettered, AtomicLong::get).tags(tags)
                .description("Messages sent to the dead letters").register(registry);
        Gauge.builder("crystal.worker.mailbox.depth", mailbox, MpscArrayQueue::size).tags(tags)
                .description("Messages waiting in the mailbox").register(registry);
        Gauge.builder("crystal.worker.mailbox.high.water.mark", this, c -> c.highWaterMark).tags(tags)
                .description("Largest mailbox depth seen").register(registry);
    }

    Logger workerLog() {
        return workerLog;
    }

    // ---- producer side (any thread) ----

    /** Offers a plain envelope or a {@link Letter}; applies the overflow policy when full. */
    Delivery offer(Object item) {
        if (mailbox.offer(item) || offerUnderPolicy(item)) {
            int depth = mailbox.size();
            if (depth > highWaterMark) {
                highWaterMark = depth; // racy max is fine for a high-water mark
            }
            wake();
            return Delivery.ACCEPTED;
        }
        return switch (options.overflowPolicy()) {
            case DEAD_LETTER -> {
                deadLettered.incrementAndGet();
                runtime.deadLetterStore().add(envelopeOf(item), "mailbox full (" + options.mailboxCapacity() + ")", "");
                failReply(item, ReplyFailure.REJECTED, "mailbox of " + address.name() + " is full");
                yield Delivery.DEAD_LETTERED;
            }
            case BACKPRESSURE, REJECT -> {
                rejected.incrementAndGet();
                failReply(item, ReplyFailure.REJECTED, "mailbox of " + address.name() + " is full");
                yield Delivery.REJECTED;
            }
        };
    }

    private boolean offerUnderPolicy(Object item) {
        if (options.overflowPolicy() != OverflowPolicy.BACKPRESSURE || Thread.currentThread() == thread) {
            return false; // a worker waiting on its own mailbox would deadlock
        }
        long deadline = System.nanoTime() + options.sendTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            wake();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            if (mailbox.offer(item)) {
                return true;
            }
            if (stopRequested) {
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

    private void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    // ---- consumer side (the cell's own thread) ----

    void start() {
        thread = Thread.ofPlatform().name("crystal-" + runtime.config().name() + "-" + address.name())
                .daemon(true).unstarted(this::run);
        thread.start();
    }

    private void run() {
        startedAt = runtime.config().clock().instant();
        state = WorkerState.RUNNING;
        if (!invokeLifecycle("onStart", true)) {
            state = WorkerState.FAILED;
            return;
        }
        ParkingIdleStrategy idle = new ParkingIdleStrategy();
        while (true) {
            int work = runCallbacks() + drainMailbox();
            if (work > 0) {
                idle.reset();
                continue;
            }
            if (stopRequested) {
                break;
            }
            idle.idle(() -> mailbox.isEmpty() && callbacks.isEmpty() && !stopRequested,
                    () -> parked = true, () -> parked = false);
        }
        invokeLifecycle("onStop", false);
        state = WorkerState.STOPPED;
    }

    private int runCallbacks() {
        int count = 0;
        Callback callback;
        while ((callback = callbacks.poll()) != null) {
            count++;
            context.enterCallback(callback);
            try {
                callback.action().run();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                workerLog.error("callback failed on {}", address.name(), e);
            } finally {
                context.leave();
            }
        }
        return count;
    }

    private int drainMailbox() {
        int count = 0;
        Object item;
        while (count < options.maxBatch() && (item = mailbox.poll()) != null) {
            count++;
            handle(item);
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private void handle(Object item) {
        Envelope<T> envelope;
        ReplyHandle<?> replyTo = null;
        if (item instanceof Letter letter) {
            envelope = (Envelope<T>) letter.envelope();
            replyTo = letter.replyTo();
        } else {
            envelope = (Envelope<T>) item;
        }
        context.enter(envelope, replyTo);
        long start = System.nanoTime();
        busySinceNanos = start;
        try {
            worker.onMessage(envelope, context);
            processed.lazySet(processed.get() + 1);
        } catch (Exception | LinkageError | AssertionError e) {
            errors.lazySet(errors.get() + 1);
            deadLettered.incrementAndGet();
            String reason = "handler failed: " + e;
            workerLog.error("handler of {} failed on {}", address.name(), envelope.type(), e);
            runtime.deadLetterStore().add(envelope, reason, stackTrace(e));
            if (replyTo != null) {
                replyTo.fail(ReplyFailure.RECIPIENT_FAILURE, reason);
            }
        } finally {
            busySinceNanos = 0;
            processingTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            context.leave();
        }
    }

    private boolean invokeLifecycle(String phase, boolean starting) {
        context.enterLifecycle();
        try {
            if (starting) {
                worker.onStart(context);
            } else {
                worker.onStop(context);
            }
            return true;
        } catch (Exception e) {
            LOG.error("{} of worker {} failed", phase, address.name(), e);
            return false;
        } finally {
            context.leave();
        }
    }

    // ---- control and observation (any thread) ----

    void requestStop() {
        stopRequested = true;
        LockSupport.unpark(thread);
    }

    boolean idleNow() {
        return mailbox.isEmpty() && callbacks.isEmpty() && busySinceNanos == 0;
    }

    int depth() {
        return mailbox.size();
    }

    boolean awaitStopped(Duration timeout) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        return thread.join(timeout);
    }

    boolean onOwnThread() {
        return Thread.currentThread() == thread;
    }

    WorkerHealth health() {
        Instant started = startedAt;
        Duration uptime = started == null ? Duration.ZERO
                : Duration.between(started, runtime.config().clock().instant());
        return new WorkerHealth(address.name(), state, uptime, processed.get(), errors.get(), mailbox.size(),
                options.mailboxCapacity(), highWaterMark, rejected.get(), deadLettered.get());
    }

    private static Envelope<?> envelopeOf(Object item) {
        return item instanceof Letter letter ? letter.envelope() : (Envelope<?>) item;
    }

    private static void failReply(Object item, ReplyFailure kind, String detail) {
        if (item instanceof Letter letter) {
            letter.replyTo().fail(kind, detail);
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static void putMdc(String correlationId, String messageId, String worker) {
        MDC.put("correlationId", correlationId);
        if (messageId != null) {
            MDC.put("messageId", messageId);
        }
        MDC.put("worker", worker);
    }
}
