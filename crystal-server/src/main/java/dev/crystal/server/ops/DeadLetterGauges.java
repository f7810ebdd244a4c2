package dev.crystal.server.ops;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code crystal_dead_letters{worker,reason}}: open dead letters per worker and reason, read from the runtime every
 * {@link #DEFAULT_INTERVAL} and after every operator action ({@link #refresh()}). A group that had letters stays at 0
 * once they are resolved or purged, so alert rules see it go down. Thread-safety: the refresh thread and request
 * threads call {@link #refresh()}, serialised by a lock.
 */
public final class DeadLetterGauges implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterGauges.class);

    private final WorkerRuntime runtime;
    private final MultiGauge gauge;
    private final Set<List<String>> seen = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService timer;

    /** Registers the gauge on {@code registry} and refreshes it every {@code interval} until closed. */
    public DeadLetterGauges(WorkerRuntime runtime, MeterRegistry registry, Duration interval) {
        this.runtime = runtime;
        this.gauge = MultiGauge.builder("crystal.dead.letters")
                .description("Open dead letters (not yet resolved) per worker and reason").register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("crystal-dlq-gauges").factory());
        refresh();
        timer.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Reads the open letters now and sets the gauge. */
    public void refresh() {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        for (List<String> key : seen) {
            counts.put(key, 0);
        }
        for (DeadLetter d : runtime.deadLetters().open()) {
            counts.merge(List.of(d.worker(), d.code().name()), 1, Integer::sum);
        }
        lock.lock();
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach((key, n) -> {
                seen.add(key);
                rows.add(MultiGauge.Row.of(Tags.of("worker", key.get(0), "reason", key.get(1)), n));
            });
            gauge.register(rows, true);
        } finally {
            lock.unlock();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("dead-letter gauges not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
