package dev.crystal.settlement.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.jobs.JobContext;
import dev.crystal.jobs.JobProcessor;
import dev.crystal.jobs.JobWorker;
import dev.crystal.jobs.Jobs;
import dev.crystal.jobs.Schedule;
import dev.crystal.jobs.ScheduleTiming;
import dev.crystal.jobs.UnrecoverableJobException;
import dev.crystal.jobs.WorkerOptions;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's background work on durable jobs: processors that turn due jobs into messages to
 * the domain workers (with the job's correlation id), and the monthly commission schedule.
 * A job completes only once its message was accepted, so nothing is lost while the platform is
 * down or busy. A store that lost the schedule (a Redis job store restarted without persistence: the
 * platform cannot remove it, operators only pause or re-time it) gets it back within
 * {@link #SCHEDULE_CHECK_EVERY}. Thread ownership: built and closed by the thread that starts the platform;
 * processors run on the jobs engine's threads and only send messages; the schedule check runs on its own
 * daemon thread and only reads and upserts the schedule.
 */
public final class PlatformJobs implements AutoCloseable {
    /** Cron of the monthly commission run: 02:00 UTC on the 1st. */
    public static final String MONTHLY_CRON = "0 2 1 * *";
    /** How often the platform's schedules are checked and re-created if the job store lost them. */
    public static final Duration SCHEDULE_CHECK_EVERY = Duration.ofSeconds(30);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PlatformJobs.class);

    private final List<JobWorker> workers;
    private final ScheduledExecutorService scheduleCheck;

    private PlatformJobs(List<JobWorker> workers, ScheduledExecutorService scheduleCheck) {
        this.workers = workers;
        this.scheduleCheck = scheduleCheck;
    }

    /**
     * Starts the processors and creates the monthly commission schedule if the store has none (an existing one,
     * possibly re-timed or paused by an operator, is left as it is). Call after the runtime started.
     */
    public static PlatformJobs start(Jobs jobs, WorkerRuntime runtime, InstantSource clock) {
        return start(jobs, runtime, clock, null);
    }

    /**
     * Starts the processors and creates the monthly commission schedule if the store has none; every attempt is a
     * hop in {@code trace} (may be {@code null}), and the message it sends names the attempt as its cause. Call after
     * the runtime started.
     */
    public static PlatformJobs start(Jobs jobs, WorkerRuntime runtime, InstantSource clock, TraceLog trace) {
        return start(jobs, runtime, clock, trace, SCHEDULE_CHECK_EVERY);
    }

    /** As above, checking the platform's schedules every {@code scheduleCheckEvery} (tests: a short period). */
    public static PlatformJobs start(Jobs jobs, WorkerRuntime runtime, InstantSource clock, TraceLog trace,
                                     Duration scheduleCheckEvery) {
        List<JobWorker> workers = new ArrayList<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(4).build();
        workers.add(jobs.worker(PlatformQueues.SETTLEMENT_RETRIES, traced(trace, clock, job -> {
            var retry = job.data(JobRetryScheduler.RetryJob.class);
            return sent(sendFromJob(runtime, clock, job, Addresses.COLLECTIONS,
                    new CollectionsCommand.RetrySettlement(retry.settlementId())), "collections");
        }), options));
        workers.add(jobs.worker(PlatformQueues.BONUS_EXPIRY, traced(trace, clock, job -> sent(sendFromJob(runtime,
                clock, job, Addresses.FREEPLAY, new FreePlayMessage.ExpireDueBonuses()), "freeplay")), options));
        workers.add(jobs.worker(PlatformQueues.COMMISSION_RUNS, traced(trace, clock,
                job -> commissionRun(job, runtime, clock)), WorkerOptions.builder().concurrency(1).build()));
        ensureSchedules(jobs, false);
        ScheduledExecutorService check = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crystal-platform-schedules");
            t.setDaemon(true);
            return t;
        });
        long every = scheduleCheckEvery.toMillis();
        check.scheduleWithFixedDelay(() -> {
            try {
                ensureSchedules(jobs, true);
            } catch (RuntimeException e) {
                // The store is down (e.g. Redis restarting): the next check tries again.
                LOG.debug("cannot check the platform's schedules: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new PlatformJobs(List.copyOf(workers), check);
    }

    /**
     * Creates the monthly commission schedule if the store has none. Created once: afterwards operators own it (a
     * changed pattern or a pause survives restarts); it is missing again only if the store lost it.
     *
     * @param lost whether a missing schedule means the store lost it (checks after the start), which is logged
     * @return whether it was created
     */
    static boolean ensureSchedules(Jobs jobs, boolean lost) {
        if (jobs.schedules().get(PlatformQueues.MONTHLY_COMMISSIONS).isPresent()) {
            return false;
        }
        jobs.schedules().upsert(Schedule.of(PlatformQueues.MONTHLY_COMMISSIONS, PlatformQueues.COMMISSION_RUNS,
                "run", Map.of(), ScheduleTiming.cron(MONTHLY_CRON, ZoneOffset.UTC)));
        if (lost) {
            LOG.warn("the job store lost schedule {} (e.g. Redis restarted without persistence): re-created with its"
                    + " default pattern '{}' UTC; an operator's pause or re-timing of it is lost",
                    PlatformQueues.MONTHLY_COMMISSIONS, MONTHLY_CRON);
        }
        return true;
    }

    /** The trace id of one attempt of {@code job}: the cause of the message the attempt sends. */
    static String attemptId(JobContext job) {
        return "job:" + job.ref().queue() + "/" + job.id() + "#" + (job.attemptsMade() + 1);
    }

    /** Sends {@code message} with the job's correlation id, naming the job's attempt as its cause. */
    private static <M> Delivery sendFromJob(WorkerRuntime runtime, InstantSource clock, JobContext job,
                                            Address<M> to, M message) {
        String correlation = job.correlationId() != null ? job.correlationId() : attemptId(job);
        return runtime.deliver(new Envelope<>(attemptId(job) + "/0", MessageNames.of(message.getClass()), correlation,
                attemptId(job), "jobs", to.name(), clock.instant(), message));
    }

    /** {@code processor}, with every attempt recorded as a {@code job} hop in {@code trace} (if any). */
    private static JobProcessor traced(TraceLog trace, InstantSource clock, JobProcessor processor) {
        if (trace == null) {
            return processor;
        }
        return job -> {
            long started = micros(clock.instant());
            String outcome = "completed";
            String detail = null;
            try {
                return processor.process(job);
            } catch (Exception | Error e) {
                boolean retried = job.attemptsMade() + 1 < job.maxAttempts() && !(e instanceof UnrecoverableJobException);
                outcome = retried ? "retrying" : "failed";
                detail = e.toString();
                throw e;
            } finally {
                long finished = micros(clock.instant());
                long ready = job.readyAt() == null ? started : Math.min(started, micros(job.readyAt()));
                String correlation = job.correlationId() != null ? job.correlationId() : attemptId(job);
                trace.record(new TraceRecord(correlation, attemptId(job), null, "job", job.ref().queue(), "jobs",
                        job.ref().queue() + "/" + job.id(), trace.node(), ready, started, finished, 0, outcome,
                        detail == null ? "attempt " + (job.attemptsMade() + 1) + " of " + job.maxAttempts() : detail,
                        job.id(), null));
            }
        };
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static String sent(Delivery delivery, String domain) {
        if (!delivery.accepted()) {
            // Thrown so the job is retried with backoff: the message must not be lost.
            throw new IllegalStateException(domain + " did not take the message: " + delivery);
        }
        return "delivered to " + domain;
    }

    /** Calculates last month's (or the job's {@code period}) commissions and pays every positive one. */
    private static Map<String, Object> commissionRun(JobContext job, WorkerRuntime runtime, InstantSource clock)
            throws UnrecoverableJobException {
        JsonNode data = job.data(JsonNode.class);
        String period = data.hasNonNull("period") ? data.get("period").asText()
                : YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).minusMonths(1).toString();
        if (!period.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw new UnrecoverableJobException("period must look like 2025-01, was '" + period + "'");
        }
        var calculated = ask(runtime.request(Addresses.DISTRIBUTIONS,
                new DistributionsMessage.CalculateCommission(null, period), job.correlationId(), ASK_TIMEOUT).join());
        if (!(calculated instanceof DistributionsMessage.Calculated result)) {
            throw new IllegalStateException("commission calculation for " + period + " answered " + calculated);
        }
        List<String> paid = new ArrayList<>();
        for (CommissionCalculated c : result.commissions()) {
            if (c.totalAmount().isPositive()) {
                var answer = ask(runtime.request(Addresses.DISTRIBUTIONS,
                        new DistributionsMessage.PayCommission(c.recipientId(), period), job.correlationId(),
                        ASK_TIMEOUT).join());
                if (answer instanceof DistributionsMessage.Paid done) {
                    paid.add(done.distribution().distributionId());
                } else {
                    throw new IllegalStateException("payout of " + c.recipientId() + " answered " + answer);
                }
            }
        }
        job.log("period " + period + ": " + result.commissions().size() + " commissions, " + paid.size() + " paid");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("period", period);
        summary.put("calculated", result.commissions().size());
        summary.put("paid", paid);
        return summary;
    }

    private static <R> R ask(Reply<R> reply) {
        return switch (reply) {
            case Reply.Success<R> ok -> ok.value();
            case Reply.Failure<R> failure -> throw new IllegalStateException(
                    "distributions did not answer: " + failure.kind() + " " + failure.detail());
        };
    }

    @Override
    public void close() {
        scheduleCheck.shutdownNow();
        workers.forEach(JobWorker::close);
    }
}
