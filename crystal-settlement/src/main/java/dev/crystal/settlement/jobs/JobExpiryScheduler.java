package dev.crystal.settlement.jobs;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.Retention;
import dev.crystal.settlement.freeplay.application.ExpiryScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Bonus expiries as durable delayed jobs, one per bonus. Used from the free-play worker's thread. */
public final class JobExpiryScheduler implements ExpiryScheduler {
    private final JobQueue queue;
    private final InstantSource clock;

    public JobExpiryScheduler(JobQueue queue, InstantSource clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** The data of an expiry job. */
    public record ExpiryJob(String transactionId) {
    }

    @Override
    public void expireAt(String transactionId, Instant at, String correlationId) {
        Duration delay = Duration.between(clock.instant(), at);
        AddResult result = queue.add("expire", new ExpiryJob(transactionId), JobOptions.builder()
                .jobId("expire-" + transactionId)
                .delay(delay.isNegative() ? Duration.ZERO : delay)
                .attempts(10)
                .backoff(Backoff.exponential(Duration.ofSeconds(1)))
                .correlationId(correlationId)
                .removeOnComplete(Retention.keepLast(10_000))
                .build());
        if (result instanceof AddResult.IdConflict conflict) {
            throw new IllegalStateException("expiry job conflict: " + conflict.reason());
        }
    }
}
