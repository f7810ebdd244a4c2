package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobOptions;
import dev.crystal.jobs.spi.NewJob;
import java.time.Instant;

/**
 * Builds store-ready {@link NewJob}s from API requests: payload to JSON, delay to a run time. Thread-safe.
 */
final class NewJobs {
    private final JsonCodec codec;

    NewJobs(JsonCodec codec) {
        this.codec = codec;
    }

    NewJob of(String queue, String name, Object data, JobOptions options, Instant now) {
        requireQueueName(queue);
        String json = codec.write(data, "data of job '" + name + "' for queue '" + queue + "'");
        return of(queue, name, json, options, options.jobId(), now);
    }

    NewJob of(String queue, String name, String dataJson, JobOptions options, String customId, Instant now) {
        Instant runAt = options.delay().isZero() ? null : now.plus(options.delay());
        return new NewJob(queue, name, customId, dataJson, options.priority(), runAt, options.attempts(),
                BackoffText.encode(options.backoff()), options.removeOnComplete(), options.removeOnFail(),
                options.correlationId(), options.onChildFailure(), now, options.lifo(),
                options.timeout() == null ? 0 : options.timeout().toMillis());
    }

    static void requireQueueName(String queue) {
        if (queue == null || queue.isBlank() || queue.length() > 200) {
            throw new IllegalArgumentException("queue name must be 1..200 non-blank characters but was '" + queue + "'");
        }
    }
}
