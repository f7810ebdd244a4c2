package dev.crystal.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a queue's durable event log, written by the store in the same atomic write as the state
 * change it reports, so every process that reads the log sees the same events in the same order.
 * Immutable.
 *
 * @param id    position in the queue's log: strictly increasing in the order the events were written
 *              (SQLite: the {@code job_events} row id; Redis: the stream entry id {@code ms-seq} packed as
 *              {@code ms << 20 | seq})
 * @param queue queue name
 * @param jobId the job's id in the queue
 * @param kind  what happened
 * @param at    when the store wrote it (the store's clock: SQLite's host, Redis's server)
 * @param data  small details by kind (see {@link QueueEventKind}); values are text
 */
public record QueueEvent(long id, String queue, String jobId, QueueEventKind kind, Instant at,
                         Map<String, String> data) {
    public QueueEvent {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        data = Map.copyOf(data);
    }

    /** A detail, or {@code null}. */
    public String get(String key) {
        return data.get(key);
    }
}
