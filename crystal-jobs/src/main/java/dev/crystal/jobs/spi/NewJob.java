package dev.crystal.jobs.spi;

import dev.crystal.jobs.ChildFailurePolicy;
import dev.crystal.jobs.Retention;
import java.time.Instant;
import java.util.Objects;

/**
 * A job ready to be stored: payload already JSON text, times already resolved by the engine's clock.
 * Immutable.
 *
 * @param queue          queue name
 * @param name           job name
 * @param customId       de-duplication id, or {@code null} for a store-generated id (digits)
 * @param dataJson       payload as JSON text
 * @param priority       0 or 1..max
 * @param runAt          ready time for a delayed job, or {@code null} for ready now
 * @param maxAttempts    attempts allowed
 * @param backoff        backoff in its stored text form (opaque to the store)
 * @param keepCompleted  retention once completed
 * @param keepFailed     retention once failed
 * @param correlationId  correlation id or {@code null}
 * @param onChildFailure what this job's final failure does to its flow parent
 * @param createdAt      add time
 * @param lifo           taken before older ready jobs of its priority
 * @param timeoutMillis  longest an attempt may run (enforced by the engine), 0 for no limit
 */
public record NewJob(String queue, String name, String customId, String dataJson, int priority, Instant runAt,
                     int maxAttempts, String backoff, Retention keepCompleted, Retention keepFailed,
                     String correlationId, ChildFailurePolicy onChildFailure, Instant createdAt, boolean lifo,
                     long timeoutMillis) {
    public NewJob {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataJson, "dataJson");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(keepCompleted, "keepCompleted");
        Objects.requireNonNull(keepFailed, "keepFailed");
        Objects.requireNonNull(onChildFailure, "onChildFailure");
        Objects.requireNonNull(createdAt, "createdAt");
        if (queue.isBlank()) {
            throw new IllegalArgumentException("queue name must not be blank");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must not be negative but was " + timeoutMillis);
        }
    }

    /** A FIFO job without timeout. */
    public NewJob(String queue, String name, String customId, String dataJson, int priority, Instant runAt,
                  int maxAttempts, String backoff, Retention keepCompleted, Retention keepFailed,
                  String correlationId, ChildFailurePolicy onChildFailure, Instant createdAt) {
        this(queue, name, customId, dataJson, priority, runAt, maxAttempts, backoff, keepCompleted, keepFailed,
                correlationId, onChildFailure, createdAt, false, 0);
    }
}
