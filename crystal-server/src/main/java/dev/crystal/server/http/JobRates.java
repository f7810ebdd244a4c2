package dev.crystal.server.http;

import dev.crystal.jobs.JobEvent;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Completed, failed, retried and stalled jobs per queue as this process saw them (the engine's job events):
 * totals since start and the count of the last minute, for the jobs pages' rates. Thread-safe and lock-free:
 * listeners run on the job workers' threads, readers on request threads.
 */
final class JobRates {
    /** Seconds in the sliding window the per-minute figures cover. */
    static final int WINDOW_SECONDS = 60;
    private static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final InstantSource clock;
    private final Map<String, QueueTally> queues = new ConcurrentHashMap<>();

    JobRates(InstantSource clock) {
        this.clock = clock;
    }

    /** Counts one engine event. */
    void record(JobEvent event) {
        QueueTally tally = queues.computeIfAbsent(event.job().queue(), q -> new QueueTally());
        long second = clock.millis() / 1000;
        switch (event) {
            case JobEvent.Completed c -> tally.completed.add(second);
            case JobEvent.Failed f when f.retrying() -> tally.retried.add(second);
            case JobEvent.Failed f -> tally.failed.add(second);
            case JobEvent.Stalled s -> tally.stalled.add(second);
            case JobEvent.Progress p -> { }
        }
    }

    /** {@code {sinceStart: {completed, failed, retried, stalled}, lastMinute: {…}}} of a queue. */
    Map<String, Object> of(String queue) {
        QueueTally tally = queues.get(queue);
        long second = clock.millis() / 1000;
        Map<String, Object> total = new LinkedHashMap<>();
        Map<String, Object> minute = new LinkedHashMap<>();
        for (String kind : new String[]{"completed", "failed", "retried", "stalled"}) {
            Counter counter = tally == null ? null : tally.of(kind);
            total.put(kind, counter == null ? 0L : counter.total.sum());
            minute.put(kind, counter == null ? 0L : counter.lastMinute(second));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sinceStart", total);
        out.put("lastMinute", minute);
        return out;
    }

    /** The four counters of one queue. */
    private static final class QueueTally {
        final Counter completed = new Counter();
        final Counter failed = new Counter();
        final Counter retried = new Counter();
        final Counter stalled = new Counter();

        Counter of(String kind) {
            return switch (kind) {
                case "completed" -> completed;
                case "failed" -> failed;
                case "retried" -> retried;
                default -> stalled;
            };
        }
    }

    /** A total and one bucket per second of the window, each bucket packing its epoch second and its count. */
    private static final class Counter {
        final LongAdder total = new LongAdder();
        final AtomicLongArray buckets = new AtomicLongArray(WINDOW_SECONDS);

        void add(long second) {
            total.increment();
            int i = (int) (second % WINDOW_SECONDS);
            while (true) {
                long packed = buckets.get(i);
                long next = (packed >>> COUNT_BITS) == second
                        ? (packed & COUNT_MASK) == COUNT_MASK ? packed : packed + 1
                        : (second << COUNT_BITS) | 1;
                if (buckets.compareAndSet(i, packed, next)) {
                    return;
                }
            }
        }

        long lastMinute(long now) {
            long sum = 0;
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                long packed = buckets.get(i);
                long second = packed >>> COUNT_BITS;
                if (second > now - WINDOW_SECONDS && second <= now) {
                    sum += packed & COUNT_MASK;
                }
            }
            return sum;
        }
    }
}
