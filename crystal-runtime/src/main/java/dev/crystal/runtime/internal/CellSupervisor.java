package dev.crystal.runtime.internal;

import dev.crystal.runtime.RestartPolicy;
import dev.crystal.runtime.WorkerHealth.WorkerState;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.internal.CellRunState.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one cell's {@link CellAgent} on a platform thread and keeps it running, in the shape of Agrona's
 * {@code AgentRunner}: the duty loop with the worker's idle strategy, stop requests (drain, or abandon now), and on a
 * crash a restart after back-off while the restart policy's window allows one, or else the worker marked
 * {@code FAILED} and its mailbox dead-lettered.
 * Thread ownership: the loop and the restart window belong to the cell's current thread (a restart hands over
 * through the runtime's timer, so successive threads are ordered); stop requests and {@link #awaitStopped} come from
 * any thread.
 */
final class CellSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(CellSupervisor.class);

    private final String name;
    private final WorkerOptions options;
    private final LocalWorkerRuntime runtime;
    private final CellRunState run;
    private final CellMailbox mailbox;
    private final CellAgent<?> agent;
    private final CellCounters counters;
    private final RestartWindow restartWindow;
    private final AtomicBoolean awaitingRestart = new AtomicBoolean();
    private volatile Instant startedAt;

    CellSupervisor(String name, WorkerOptions options, LocalWorkerRuntime runtime, CellRunState run,
                   CellMailbox mailbox, CellAgent<?> agent, CellCounters counters) {
        this.name = name;
        this.options = options;
        this.runtime = runtime;
        this.run = run;
        this.mailbox = mailbox;
        this.agent = agent;
        this.counters = counters;
        this.restartWindow = new RestartWindow(options.restartPolicy());
    }

    void start() {
        startedAt = runtime.config().clock().instant();
        startThread();
    }

    private void startThread() {
        Thread t = Thread.ofPlatform().name("crystal-" + runtime.config().name() + "-" + name)
                .daemon(true).unstarted(this::runAgent);
        run.thread = t;
        t.start();
    }

    /** The duty loop: work while there is work, idle per the strategy, end on a stop request or a crash. */
    private void runAgent() {
        run.state = run.stop == Stop.NONE ? WorkerState.RUNNING : WorkerState.DRAINING;
        IdleLoop idle = new IdleLoop(options.idleStrategy(), runtime.spinPermits());
        try {
            agent.onStart();
            while (true) {
                int work = agent.doWork();
                Stop s = run.stop;
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
                if (idle.idle(agent)) {
                    agent.afterPark();
                }
            }
            agent.onClose(run.stop == Stop.DRAIN);
            run.state = WorkerState.STOPPED;
        } catch (Throwable crash) {
            onCrash(crash);
        } finally {
            idle.reset(); // hands back a spin permit held when the loop ended
            agent.onThreadEnd();
        }
    }

    /** Runs on the crashed thread: schedules a restart with back-off, or marks the worker failed. */
    private void onCrash(Throwable crash) {
        LOG.error("worker {} crashed", name, crash);
        if (run.stop == Stop.ABANDON) {
            run.state = WorkerState.STOPPED;
            return;
        }
        Duration backoff = restartWindow.nextBackoff(System.nanoTime());
        if (backoff == null) {
            RestartPolicy policy = options.restartPolicy();
            LOG.error("worker {} exceeded {} restarts in {}; it is marked FAILED", name, policy.maxRestarts(),
                    policy.window());
            run.state = WorkerState.FAILED;
            mailbox.deadLetterAll("worker " + name + " failed: " + crash, WorkerCell.stackTrace(crash));
            return;
        }
        counters.restarts.incrementAndGet();
        run.state = WorkerState.RESTARTING;
        LOG.warn("restarting worker {} in {} (restart {} in window)", name, backoff,
                restartWindow.restartsInWindow());
        awaitingRestart.set(true);
        try {
            runtime.timer().schedule(this::restartIfAwaited, backoff.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException timerStopped) {
            if (run.stop == Stop.NONE) {
                restartIfAwaited();
                return;
            }
            // The runtime is stopping and its timer is gone: restarting at once would crash again in a tight loop
            // (a closed store fails every start), so the worker ends here and what it could not handle is kept.
            if (awaitingRestart.compareAndSet(true, false)) {
                LOG.error("worker {} crashed while the runtime stops; its remaining messages are dead-lettered", name);
                run.state = WorkerState.STOPPED;
                mailbox.deadLetterAll("worker " + name + " stopped after a crash: " + crash,
                        WorkerCell.stackTrace(crash));
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
        if (run.stop == Stop.NONE) {
            run.stop = Stop.DRAIN;
        }
        if (run.state == WorkerState.RUNNING) {
            run.state = WorkerState.DRAINING;
        }
        restartIfAwaited();
        Thread t = run.thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Asks the worker to end now, leaving its mailbox, and interrupts a running handler. */
    void requestAbandon() {
        run.stop = Stop.ABANDON;
        awaitingRestart.set(false);
        Thread t = run.thread;
        if (t != null) {
            t.interrupt();
            LockSupport.unpark(t);
        }
    }

    boolean awaitingRestart() {
        return awaitingRestart.get();
    }

    /** Waits until the worker's thread (including any restarted one) has ended. */
    boolean awaitStopped(long deadlineNanos) throws InterruptedException {
        while (true) {
            Thread t = run.thread;
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
            if (ended && run.thread == t && !awaitingRestart.get()) {
                return true;
            }
        }
    }

    /** How long the worker has been up, zero before it started. */
    Duration uptime() {
        Instant started = startedAt;
        return started == null ? Duration.ZERO : Duration.between(started, runtime.config().clock().instant());
    }
}
