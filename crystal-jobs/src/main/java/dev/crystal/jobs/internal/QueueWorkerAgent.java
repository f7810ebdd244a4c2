package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobEvent;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.ClaimRequest;
import dev.crystal.jobs.spi.ClaimedJob;
import dev.crystal.jobs.spi.CycleResult;
import dev.crystal.jobs.spi.FinishResult;
import dev.crystal.jobs.spi.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of one queue: its agent thread owns the held jobs and talks to the store (one call commits
 * the finished batch and claims the next); the {@link ProcessorPool} runs the processor and hands the
 * outcomes back through a concurrent queue.
 */
final class QueueWorkerAgent implements JobWorker {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorkerAgent.class);
    private static final long STORE_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long the agent lets running processors catch up before committing a small batch. */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final String queue;
    private final WorkerOptions options;
    private final EngineServices services;
    private final QueueMeters meters;
    private final String lockToken = UUID.randomUUID().toString();
    private final AtomicBoolean wakeRequested = new AtomicBoolean(true);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<String, ClaimedJob> held = new HashMap<>();
    private final ProcessorPool pool;
    private final long lockMillis;
    private final long renewEveryNanos;
    private volatile boolean stopping;
    private volatile boolean abandoned;
    private Thread thread;
    /** The store's wake-up of this worker (another process made a job of the queue ready). */
    private final Runnable storeWake = this::wake;
    /** How long an idle worker waits before it claims again: pollInterval, or longer if the store wakes it. */
    private long idleWaitNanos;

    QueueWorkerAgent(String queue, JobProcessor processor, WorkerOptions options, EngineServices services) {
        this.queue = queue;
        this.pool = new ProcessorPool(processor, options, services, lockToken, this::wake);
        this.options = options;
        this.services = services;
        this.meters = services.meters(queue);
        this.lockMillis = options.lockDuration().toMillis();
        this.renewEveryNanos = options.lockDuration().toNanos() / 2;
    }

    void start() {
        thread = Thread.ofPlatform().name("crystal-jobs-worker-" + queue).daemon(true).unstarted(this::loop);
        long bound = services.store().claimer().wakeOnChange(queue, storeWake);
        // a store that wakes the worker on other processes' changes lets it wait longer than pollInterval when idle
        idleWaitNanos = bound <= 0 ? options.pollInterval().toNanos()
                : Math.max(options.pollInterval().toNanos(), bound);
        thread.start();
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public int running() {
        return pool.running();
    }

    void wake() {
        if (wakeRequested.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        List<ProcessorPool.Finished> finishing = new ArrayList<>();
        boolean maybeWork = true;
        Instant nextDelayed = null;
        boolean limited = false;
        long nextRenewal = System.nanoTime() + renewEveryNanos;
        boolean lingered = false;
        while (!abandoned) {
            ProcessorPool.Finished finished;
            while ((finished = pool.pollFinished()) != null) {
                finishing.add(finished);
            }
            if (wakeRequested.getAndSet(false)) {
                maybeWork = true;
            }
            if (stopping) {
                releaseClaimedAhead(finishing);
            }
            pool.startWaiting();
            if (stopping && held.isEmpty()) {
                break;
            }
            nextRenewal = renewLocksIfDue(nextRenewal);
            long now = services.clock().millis();
            int free = stopping ? 0 : options.concurrency() + options.prefetch() - held.size() + finishing.size();
            if (!lingered && !stopping && !finishing.isEmpty() && finishing.size() < pool.running()) {
                // more processors are about to finish: one short wait turns many tiny commits into one
                lingered = true;
                LockSupport.parkNanos(this, LINGER_NANOS);
                continue;
            }
            lingered = false;
            int permits = 0;
            QueueRateLimiter limiter = services.limiters().get(queue);
            if (free > 0 && maybeWork) {
                limited = false;
                if (limiter == null) {
                    permits = free;
                } else {
                    try {
                        permits = limiter.acquire(free, now);
                        if (permits < free) {
                            meters.throttled.increment();
                        }
                    } catch (RuntimeException e) {
                        LOG.error("worker of queue '{}' could not take rate-limit permits; trying again in the "
                                + "next window", queue, e);
                    }
                    limited = permits < free;
                }
            }
            if (!finishing.isEmpty() || permits > 0) {
                try {
                    CycleResult result = services.store().claimer().finishAndClaim(queue, outcomes(finishing),
                            new ClaimRequest(permits, lockToken, Instant.ofEpochMilli(now),
                                    Instant.ofEpochMilli(now + lockMillis)));
                    boolean readiedHere = applied(finishing, result.finished());
                    finishing.clear();
                    releasePermits(limiter, permits - result.claimed().size(), now);
                    dispatch(result.claimed(), now);
                    nextDelayed = result.nextDelayedAt();
                    maybeWork = readiedHere || permits > 0 && result.claimed().size() == permits && !result.paused();
                } catch (RuntimeException e) {
                    LOG.error("worker of queue '{}' could not reach the job store; retrying", queue, e);
                    LockSupport.parkNanos(this, STORE_ERROR_PAUSE_NANOS);
                }
                continue;
            }
            park(nextDelayed, limited ? limiter : null, nextRenewal);
            maybeWork = true;
        }
        pool.shutdown();
    }

    /** Gives back permits taken but not used; a failure only means fewer starts in this window. */
    private void releasePermits(QueueRateLimiter limiter, int unused, long now) {
        if (limiter == null || unused <= 0) {
            return;
        }
        try {
            limiter.release(unused, now);
        } catch (RuntimeException e) {
            LOG.warn("worker of queue '{}' could not give back {} unused rate-limit permit(s); this window "
                    + "starts fewer jobs", queue, unused, e);
        }
    }

    private void releaseClaimedAhead(List<ProcessorPool.Finished> finishing) {
        Instant now = services.clock().instant();
        for (ClaimedJob job : pool.drainUnstarted()) {
            finishing.add(new ProcessorPool.Finished(job, new JobOutcome.Released(job.ref().id(), lockToken, now), 0));
        }
    }

    private static List<JobOutcome> outcomes(List<ProcessorPool.Finished> finishing) {
        List<JobOutcome> outcomes = new ArrayList<>(finishing.size());
        for (ProcessorPool.Finished finished : finishing) {
            outcomes.add(finished.outcome());
        }
        return outcomes;
    }

    /** Emits events and metrics for committed outcomes; true if any job of this queue became ready again. */
    private boolean applied(List<ProcessorPool.Finished> finishing, List<FinishResult> results) {
        boolean listeners = services.events().hasListeners();
        boolean readiedHere = false;
        for (int i = 0; i < finishing.size(); i++) {
            ProcessorPool.Finished finished = finishing.get(i);
            ClaimedJob job = finished.job();
            held.remove(job.ref().id());
            if (!(results.get(i) instanceof FinishResult.Applied applied)) {
                LOG.warn("job {} finished after its lock was lost (it stalled and was recovered); outcome ignored",
                        job.ref());
                continue;
            }
            if (!(finished.outcome() instanceof JobOutcome.Released)) {
                meters.processingTime.record(finished.processingNanos(), TimeUnit.NANOSECONDS);
            }
            switch (finished.outcome()) {
                case JobOutcome.Released released -> {
                }
                case JobOutcome.Completed completed -> {
                    meters.completed.increment();
                    if (listeners) {
                        services.events().emit(new JobEvent.Completed(job.ref(), completed.returnValueJson(),
                                job.correlationId()));
                    }
                }
                case JobOutcome.Failed failed -> {
                    boolean retrying = applied.state() != JobState.FAILED;
                    (retrying ? meters.retried : meters.failed).increment();
                    if (listeners) {
                        services.events().emit(new JobEvent.Failed(job.ref(), failed.reason(), retrying,
                                job.correlationId()));
                    }
                }
            }
            readiedHere |= applied.state() == JobState.WAITING || applied.state() == JobState.PRIORITIZED;
            for (JobRef parent : applied.readied()) {
                services.wakeups().wake(parent.queue());
            }
            services.reportFailedParents(applied.failedParents());
        }
        return readiedHere;
    }

    private void dispatch(List<ClaimedJob> claimed, long now) {
        for (ClaimedJob job : claimed) {
            held.put(job.ref().id(), job);
            meters.waitTime.record(Math.max(0, now - job.readyAt().toEpochMilli()), TimeUnit.MILLISECONDS);
            pool.offer(job);
        }
        pool.startWaiting();
    }

    private long renewLocksIfDue(long nextRenewal) {
        long nanos = System.nanoTime();
        if (nanos < nextRenewal) {
            return nextRenewal;
        }
        if (!held.isEmpty()) {
            try {
                long until = services.clock().millis() + lockMillis;
                List<String> lost = services.store().claimer().extendLocks(queue, lockToken, held.keySet(),
                        Instant.ofEpochMilli(until));
                if (!lost.isEmpty()) {
                    LOG.warn("worker of queue '{}' lost the locks of {} (stalled); their outcomes will be ignored",
                            queue, lost);
                }
            } catch (RuntimeException e) {
                LOG.error("worker of queue '{}' could not renew its locks", queue, e);
            }
        }
        return nanos + renewEveryNanos;
    }

    private void park(Instant nextDelayed, QueueRateLimiter limiter, long nextRenewal) {
        long timeout = idleWaitNanos;
        long now = services.clock().millis();
        if (nextDelayed != null) {
            timeout = Math.min(timeout, TimeUnit.MILLISECONDS.toNanos(Math.max(1, nextDelayed.toEpochMilli() - now)));
        }
        if (limiter != null) {
            timeout = Math.min(timeout, TimeUnit.MILLISECONDS.toNanos(limiter.millisUntilNextWindow(now) + 1));
        }
        if (!held.isEmpty()) {
            timeout = Math.min(timeout, Math.max(0, nextRenewal - System.nanoTime()));
        }
        if (!pool.hasFinished() && !wakeRequested.get() && timeout > 0) {
            LockSupport.parkNanos(this, timeout);
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(options.lockDuration().toMillis());
            if (thread.isAlive()) {
                LOG.warn("worker of queue '{}' still has {} running job(s) after its lock duration; "
                        + "leaving them to stalled-job recovery", queue, pool.running());
                abandoned = true;
                LockSupport.unpark(thread);
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.wakeups().unregister(this);
        services.store().claimer().stopWaking(queue, storeWake);
    }
}
