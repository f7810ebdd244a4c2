package dev.crystal.settlement.jobs;

import dev.crystal.jobs.JobQueue;
import dev.crystal.settlement.collections.application.RetryScheduler;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Settlement retries as durable delayed jobs. The job id names the settlement and retry number, so
 * asking twice (e.g. again after a restart) adds one job. Used from the collections worker's thread.
 */
public final class JobRetryScheduler implements RetryScheduler {
    private final DelayedJobs jobs;

    public JobRetryScheduler(JobQueue queue, InstantSource clock) {
        this.jobs = new DelayedJobs(queue, clock);
    }

    /** The data of a retry job. */
    public record RetryJob(String settlementId, int retryCount) {
    }

    @Override
    public void retryAt(String settlementId, int retryCount, Instant at, String correlationId) {
        jobs.addOnce("retry", new RetryJob(settlementId, retryCount), "retry-" + settlementId + "-" + retryCount, at,
                correlationId);
    }
}
