package dev.crystal.runtime.internal;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker (or one partition of a worker) as the runtime sees it, assembled from its parts:
 * <ul>
 *   <li>{@link CellMailbox}: the producer side, two bounded lanes (high-priority envelopes first, at most
 *       {@link Priority#HIGH_BURST} in a row), the callback queue, the overflow policy and the wake-up;</li>
 *   <li>{@link CellAgent}: the duty cycle that handles messages and commits each batch ({@code onBatchEnd});</li>
 *   <li>{@link CellSupervisor}: the thread that runs the agent, stop requests, restarts within the window;</li>
 *   <li>{@link InboundFeed}: the transport feeding the cell, if any (poll, acknowledge, pause).</li>
 * </ul>
 * Thread ownership: senders on any thread offer and post through the mailbox; the agent's state belongs to the
 * cell's current thread; the stuck watch fields belong to the runtime's timer thread. Senders read this object on
 * every send, so nothing here is written per message.
 */
final class WorkerCell<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCell.class);

    /** The address senders use (the partitioned address for a partition). */
    final Address<T> address;
    /** This cell's own name: the address name, or {@code name#index} for a partition. */
    final String name;
    final WorkerOptions options;
    private final LocalWorkerRuntime runtime;
    private final CellRunState run = new CellRunState();
    private final CellCounters counters = new CellCounters();
    private final CellMailbox mailbox;
    private final CellMeters meters;
    private final Logger workerLog;
    private final CellAgent<T> agent;
    private final CellSupervisor supervisor;
    private final StuckWatch stuckWatch;
    private volatile boolean stuck;

    WorkerCell(Address<T> address, String name, Worker<T> worker, WorkerOptions options,
               LocalWorkerRuntime runtime) {
        this.address = address;
        this.name = name;
        this.options = options;
        this.runtime = runtime;
        this.mailbox = new CellMailbox(name, options, run, counters, runtime.deadLetterStore());
        this.workerLog = LoggerFactory.getLogger("crystal.worker." + name);
        this.meters = new CellMeters(runtime.config().meterRegistry(), runtime.config().name(), name, this);
        this.agent = new CellAgent<>(address, name, worker, options, runtime, run, mailbox, counters,
                new CellContext(this, runtime), meters, workerLog);
        this.supervisor = new CellSupervisor(name, options, runtime, run, mailbox, agent, counters);
        this.stuckWatch = new StuckWatch(agent.handlingSequence(), options.stuckThreshold().toNanos());
    }

    /** Attaches a transport receiver (before start); the cell's thread polls, handles and acknowledges it. */
    void attachInbound(Transport transport, ReplyWriter replies, TransportReceiver receiver,
                       Duration reclaimAfterIdle) {
        agent.attach(new InboundFeed(transport, replies, receiver, reclaimAfterIdle, name, address.name(),
                runtime.config().clock(), workerLog, mailbox::wakeConsumer));
    }

    /** The duty cycle (for the idle loop's tests). */
    CellAgent<T> agent() {
        return agent;
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
        return mailbox.offer(item);
    }

    /** Posts a callback (reply or timer) to run on this worker's thread; never refused. */
    void post(Callback callback) {
        mailbox.post(callback);
    }

    // ---- control and observation (any thread) ----

    void start() {
        supervisor.start();
    }

    /** Asks the worker to drain its mailbox, run {@code onStop} and end. */
    void requestStop() {
        supervisor.requestStop();
    }

    /** Asks the worker to end now, leaving its mailbox, and interrupts a running handler. */
    void requestAbandon() {
        supervisor.requestAbandon();
    }

    /** Waits until the worker's thread (including any restarted one) has ended. */
    boolean awaitStopped(long deadlineNanos) throws InterruptedException {
        return supervisor.awaitStopped(deadlineNanos);
    }

    boolean idleNow() {
        return mailbox.isEmpty() && !agent.handling() && !supervisor.awaitingRestart();
    }

    int depth() {
        return mailbox.depth();
    }

    /** Called periodically by the runtime's timer thread: flags a handler running past the threshold. */
    void watchForStuck(long nowNanos) {
        boolean now = stuckWatch.check(nowNanos);
        if (now && !stuck) {
            meters.stuck();
            Thread t = run.thread;
            LOG.warn("worker {} is stuck: one handler has run for more than {}{}", name, options.stuckThreshold(),
                    t == null ? "" : " at " + firstFrames(t));
        }
        if (now != stuck) {
            stuck = now; // written on change only: senders read this object on every send
        }
    }

    long processedCount() {
        return counters.processed.get();
    }

    long errorCount() {
        return counters.errors.get();
    }

    long rejectedCount() {
        return counters.rejected.get();
    }

    long deadLetteredCount() {
        return counters.deadLettered.get();
    }

    long restartCount() {
        return counters.restarts.get();
    }

    int highWaterMark() {
        return mailbox.highWaterMark();
    }

    double uptimeSeconds() {
        return supervisor.uptime().toMillis() / 1000.0;
    }

    WorkerHealth health() {
        return new WorkerHealth(name, run.state, supervisor.uptime(), counters.processed.get(),
                counters.errors.get(), depth(), options.mailboxCapacity(), highWaterMark(), counters.rejected.get(),
                counters.deadLettered.get(), counters.restarts.get(), stuck);
    }

    private static String firstFrames(Thread t) {
        StackTraceElement[] frames = t.getStackTrace();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(3, frames.length); i++) {
            out.append(i == 0 ? "" : " < ").append(frames[i]);
        }
        return out.toString();
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
