package dev.crystal.settlement.jobs;

import dev.crystal.jobs.AddResult;
import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.JobQueue;
import dev.crystal.jobs.Retention;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Adds one durable job that becomes ready at a given time, at most once per id (asking again —
 * e.g. after a restart — finds the job already there). Stateless; thread-safe as the queue is.
 */
final class DelayedJobs {
    static final int ATTEMPTS = 10;

    private final JobQueue queue;
    private final InstantSource clock;

    DelayedJobs(JobQueue queue, InstantSource clock) {
        this.queue = queue;
        this.clock = clock;
    }

    void addOnce(String name, Object data, String jobId, Instant at, String correlationId) {
        Duration delay = Duration.between(clock.instant(), at);
        AddResult result = queue.add(name, data, JobOptions.builder()
                .jobId(jobId)
                .delay(delay.isNegative() ? Duration.ZERO : delay)
                .attempts(ATTEMPTS)
                .backoff(Backoff.exponential(Duration.ofSeconds(1)))
                .correlationId(correlationId)
                .removeOnComplete(Retention.keepLast(10_000))
                .build());
        if (result instanceof AddResult.IdConflict conflict) {
            throw new IllegalStateException(queue.name() + " job conflict: " + conflict.reason());
        }
    }
}
