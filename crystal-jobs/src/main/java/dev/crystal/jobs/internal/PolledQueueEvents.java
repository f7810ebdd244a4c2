package dev.crystal.jobs.internal;

import dev.crystal.jobs.JobEvents;
import dev.crystal.jobs.QueueEvent;
import dev.crystal.jobs.QueueEvents;
import dev.crystal.jobs.spi.JobEventLog;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QueueEvents} over a {@link JobEventLog}: a blocking read looks at the log every poll interval
 * until an event arrives or the timeout passes. Immutable; each subscription's thread owns its own
 * position in the log.
 */
public final class PolledQueueEvents implements QueueEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PolledQueueEvents.class);
    private static final int BATCH = 500;

    private final JobEventLog log;
    private final long pollNanos;

    /** See {@link QueueEvents#of(JobEventLog, Duration)}. */
    public PolledQueueEvents(JobEventLog log, Duration pollInterval) {
        this.log = Objects.requireNonNull(log, "log");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        this.pollNanos = pollInterval.toNanos();
    }

    @Override
    public long lastId(String queue) {
        return log.lastId(queue);
    }

    @Override
    public List<QueueEvent> read(String queue, long afterId, int max, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(queue, "queue");
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        long after = afterId == NOW ? log.lastId(queue) : afterId;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<QueueEvent> events = log.read(queue, after, max);
            long left = deadline - System.nanoTime();
            if (!events.isEmpty() || left <= 0) {
                return events;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, pollNanos)));
        }
    }

    @Override
    public JobEvents.Subscription subscribe(String queue, long afterId, Consumer<QueueEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        long start = afterId == NOW ? log.lastId(queue) : afterId;
        Thread thread = Thread.ofVirtual().name("crystal-queue-events-" + queue).start(() -> follow(queue, start, listener));
        return thread::interrupt;
    }

    private void follow(String queue, long start, Consumer<QueueEvent> listener) {
        long after = start;
        while (!Thread.currentThread().isInterrupted()) {
            List<QueueEvent> events;
            try {
                events = read(queue, after, BATCH, Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot read the events of queue {}; trying again in 1 s", queue, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            for (QueueEvent event : events) {
                after = event.id();
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("queue event listener failed on {}", event, e);
                }
            }
        }
    }
}
