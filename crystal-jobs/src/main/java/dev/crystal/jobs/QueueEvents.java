package dev.crystal.jobs;

import dev.crystal.jobs.internal.PolledQueueEvents;
import dev.crystal.jobs.spi.JobEventLog;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Events of job queues as every process sees them (BullMQ's {@code QueueEvents}): read from the store's
 * durable, trimmed log, so a process that runs no engine (another {@code crystal} JVM, a dashboard) can
 * follow the jobs processed anywhere on the same store, in the order they happened. Thread-safe.
 *
 * <pre>{@code
 * QueueEvents events = QueueEvents.of(store.eventLog());
 * try (var sub = events.subscribe("mail", QueueEvents.NOW, e -> System.out.println(e.kind() + " " + e.jobId()))) {
 *     ...
 * }
 * }</pre>
 */
public interface QueueEvents {

    /** Pass as {@code afterId} to start after the newest event now in the log. */
    long NOW = -1;

    /** How often a blocking read looks at the log again by default. */
    Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(20);

    /** Events read from {@code log}, looking again every {@link #DEFAULT_POLL_INTERVAL} while waiting. */
    static QueueEvents of(JobEventLog log) {
        return new PolledQueueEvents(log, DEFAULT_POLL_INTERVAL);
    }

    /** Events read from {@code log}, looking again every {@code pollInterval} while waiting. */
    static QueueEvents of(JobEventLog log, Duration pollInterval) {
        return new PolledQueueEvents(log, pollInterval);
    }

    /** The id of the newest event of {@code queue}, 0 if none: read after it to see only what comes next. */
    long lastId(String queue);

    /**
     * Events of {@code queue} after {@code afterId} ({@link #NOW}: after the newest one), oldest first, at
     * most {@code max}; waits up to {@code timeout} for the first one and returns an empty list if none came.
     *
     * @throws InterruptedException if the caller is interrupted while waiting
     */
    List<QueueEvent> read(String queue, long afterId, int max, Duration timeout) throws InterruptedException;

    /**
     * Delivers every event of {@code queue} after {@code afterId} ({@link #NOW}: from now on) to
     * {@code listener}, in order, on one virtual thread of this subscription, until the handle is closed.
     */
    JobEvents.Subscription subscribe(String queue, long afterId, Consumer<QueueEvent> listener);
}
