package dev.crystal.settlement.jobs;

import dev.crystal.jobs.JobQueue;
import dev.crystal.settlement.freeplay.application.ExpiryScheduler;
import java.time.Instant;
import java.time.InstantSource;

/** Bonus expiries as durable delayed jobs, one per bonus. Used from the free-play worker's thread. */
public final class JobExpiryScheduler implements ExpiryScheduler {
    private final DelayedJobs jobs;

    public JobExpiryScheduler(JobQueue queue, InstantSource clock) {
        this.jobs = new DelayedJobs(queue, clock);
    }

    /** The data of an expiry job. */
    public record ExpiryJob(String transactionId) {
    }

    @Override
    public void expireAt(String transactionId, Instant at, String correlationId) {
        jobs.addOnce("expire", new ExpiryJob(transactionId), "expire-" + transactionId, at, correlationId);
    }
}
