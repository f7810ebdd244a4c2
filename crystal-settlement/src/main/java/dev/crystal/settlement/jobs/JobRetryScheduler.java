package dev.crystal.settlement.jobs;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.Retention;
import dev.crystal.settlement.collections.application.RetryScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Settlement retries as durable delayed jobs. The job id names the settlement and retry number, so
 * asking twice (e.g. again after a restart) adds one job. Used from the collections worker's thread.
 */
public final class JobRetryScheduler implements RetryScheduler {
    private final JobQueue queue;
    private final InstantSource clock;

    public JobRetryScheduler(JobQueue queue, InstantSource clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** The data of a retry job. */
    public record RetryJob(String settlementId, int retryCount) {
    }

    @Override
    public void retryAt(String settlementId, int retryCount, Instant at, String correlationId) {
        Duration delay = Duration.between(clock.instant(), at);
        AddResult result = queue.add("retry", new RetryJob(settlementId, retryCount), JobOptions.builder()
                .jobId("retry-" + settlementId + "-" + retryCount)
                .delay(delay.isNegative() ? Duration.ZERO : delay)
                .attempts(10)
                .backoff(Backoff.exponential(Duration.ofSeconds(1)))
                .correlationId(correlationId)
                .removeOnComplete(Retention.keepLast(10_000))
                .build());
        if (result instanceof AddResult.IdConflict conflict) {
            throw new IllegalStateException("retry job conflict: " + conflict.reason());
        }
    }
}
