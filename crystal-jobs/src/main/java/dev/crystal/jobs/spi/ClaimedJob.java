package dev.crystal.jobs.spi;

import dev.crystal.jobs.JobRef;
import java.time.Instant;

/**
 * A job a worker now holds under a lock. Immutable.
 *
 * @param ref           queue and id
 * @param name          job name
 * @param dataJson      payload
 * @param attemptsMade  attempts finished before this one
 * @param maxAttempts   attempts allowed
 * @param backoff       stored backoff text
 * @param correlationId correlation id or {@code null}
 * @param readyAt       when the job became ready (for wait-time metrics)
 * @param hasParent     whether the job is a flow child
 * @param priority      priority (for ordering a claimed batch)
 * @param order         store ordering key inside one priority (for ordering a claimed batch; LIFO jobs
 *                      have keys below every FIFO job's)
 * @param timeoutMillis longest the attempt may run, 0 for no limit
 */
public record ClaimedJob(JobRef ref, String name, String dataJson, int attemptsMade, int maxAttempts,
                         String backoff, String correlationId, Instant readyAt, boolean hasParent,
                         int priority, long order, long timeoutMillis) {

    /** A claimed job without timeout. */
    public ClaimedJob(JobRef ref, String name, String dataJson, int attemptsMade, int maxAttempts, String backoff,
                      String correlationId, Instant readyAt, boolean hasParent, int priority, long order) {
        this(ref, name, dataJson, attemptsMade, maxAttempts, backoff, correlationId, readyAt, hasParent, priority,
                order, 0);
    }
}
