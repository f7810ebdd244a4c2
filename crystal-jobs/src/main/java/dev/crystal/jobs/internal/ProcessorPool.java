package dev.crystal.jobs.internal;

import dev.crystal.jobs.BadPayloadException;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.UnrecoverableJobException;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.jobs.spi.ClaimedJob;
import dev.crystal.jobs.spi.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Runs a worker's processor on virtual threads, at most {@code concurrency} at once (the {@code running}
 * counter is the permit). Claimed jobs wait in a concurrent queue and a processor that finishes takes the
 * next one itself, without waiting for the agent; outcomes go back through another concurrent queue.
 */
final class ProcessorPool {
    /** One attempt's outcome, with how long the processor ran. */
    record Finished(ClaimedJob job, JobOutcome outcome, long processingNanos) {
    }

    /** The failure reason of an attempt that ran past its job's timeout starts with this. */
    static final String TIMEOUT = "TIMEOUT";

    private final JobProcessor processor;
    private final WorkerOptions options;
    private final EngineServices services;
    private final String lockToken;
    private final Runnable onFinished;
    private final Queue<Finished> done = new ConcurrentLinkedQueue<>();
    private final Queue<ClaimedJob> claimedAhead = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService processors = Executors.newVirtualThreadPerTaskExecutor();

    ProcessorPool(JobProcessor processor, WorkerOptions options, EngineServices services, String lockToken,
                  Runnable onFinished) {
        this.processor = processor;
        this.options = options;
        this.services = services;
        this.lockToken = lockToken;
        this.onFinished = onFinished;
    }

    /** Queues a claimed job; {@link #startWaiting()} or a finishing processor starts it. */
    void offer(ClaimedJob job) {
        claimedAhead.add(job);
    }

    /** Takes back every queued job that no processor has started. */
    List<ClaimedJob> drainUnstarted() {
        List<ClaimedJob> unstarted = new ArrayList<>();
        ClaimedJob job;
        while ((job = claimedAhead.poll()) != null) {
            unstarted.add(job);
        }
        return unstarted;
    }

    /** The next outcome, or {@code null}. */
    Finished pollFinished() {
        return done.poll();
    }

    boolean hasFinished() {
        return !done.isEmpty();
    }

    /** Processors holding a permit right now. */
    int running() {
        return running.get();
    }

    void shutdown() {
        processors.shutdown();
    }

    /** Starts queued jobs while permits are free. */
    void startWaiting() {
        while (!claimedAhead.isEmpty() && tryTakePermit()) {
            ClaimedJob job = claimedAhead.poll();
            if (job == null) {
                running.decrementAndGet();
                return;
            }
            processors.execute(() -> runChain(job));
        }
    }

    private boolean tryTakePermit() {
        while (true) {
            int now = running.get();
            if (now >= options.concurrency()) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Runs {@code first}, then further claimed-ahead jobs while there are any, holding one permit. */
    private void runChain(ClaimedJob first) {
        ClaimedJob job = first;
        while (job != null) {
            runOne(job);
            job = claimedAhead.poll();
            if (job == null) {
                running.decrementAndGet();
                // the agent may have queued jobs after the poll but before the permit came back
                if (!claimedAhead.isEmpty() && tryTakePermit()) {
                    job = claimedAhead.poll();
                    if (job == null) {
                        running.decrementAndGet();
                    }
                }
            }
        }
    }

    /**
     * Runs one attempt. With a timeout, a watchdog on the engine's timeout thread settles the attempt first
     * if it runs too long: it interrupts the processor and reports a {@code TIMEOUT} failure (retried by the
     * backoff); whatever the processor returns afterwards is dropped. Whoever settles first wins the CAS.
     */
    private void runOne(ClaimedJob job) {
        long start = System.nanoTime();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> watchdog = null;
        if (job.timeoutMillis() > 0) {
            Thread processorThread = Thread.currentThread();
            try {
                watchdog = services.timeouts().schedule(() -> {
                    if (settled.compareAndSet(false, true)) {
                        processorThread.interrupt();
                        settle(job, timedOut(job), start);
                    }
                }, job.timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the engine is closing: the attempt runs without a watchdog
            }
        }
        JobOutcome outcome = attempt(job);
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (settled.compareAndSet(false, true)) {
            settle(job, outcome, start);
        } else {
            // the watchdog settled it: wait until it has interrupted us, then clear the flag for the next job
            while (!watchdog.isDone()) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
        }
    }

    private void settle(ClaimedJob job, JobOutcome outcome, long start) {
        done.add(new Finished(job, outcome, System.nanoTime() - start));
        onFinished.run();
    }

    private JobOutcome timedOut(ClaimedJob job) {
        String reason = TIMEOUT + ": the attempt ran longer than the job's timeout of " + job.timeoutMillis() + "ms";
        return retryOrFail(job, new TimeoutException(reason), reason);
    }

    private JobOutcome attempt(ClaimedJob job) {
        JobOutcome outcome;
        if (job.correlationId() != null) {
            MDC.put("correlationId", job.correlationId());
        }
        try {
            Object value = processor.process(new RunningJob(job, lockToken, services));
            String json = services.codec().write(value, "return value of job " + job.ref());
            outcome = new JobOutcome.Completed(job.ref().id(), lockToken, services.clock().instant(), json);
        } catch (UnrecoverableJobException | BadPayloadException e) {
            outcome = new JobOutcome.Failed(job.ref().id(), lockToken, services.clock().instant(), describe(e), null);
        } catch (Throwable e) {
            outcome = retryOrFail(job, e, describe(e));
        } finally {
            MDC.remove("correlationId");
        }
        return outcome;
    }

    private JobOutcome retryOrFail(ClaimedJob job, Throwable error, String failure) {
        Instant now = services.clock().instant();
        int made = job.attemptsMade() + 1;
        String reason = failure;
        Instant retryAt = null;
        if (made < job.maxAttempts()) {
            try {
                retryAt = now.plus(BackoffText.delay(job.backoff(), made, error, options.backoffStrategies()));
            } catch (RuntimeException e) {
                reason = reason + " (no retry: " + e.getMessage() + ")";
            }
        }
        return new JobOutcome.Failed(job.ref().id(), lockToken, now, reason, retryAt);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

}
