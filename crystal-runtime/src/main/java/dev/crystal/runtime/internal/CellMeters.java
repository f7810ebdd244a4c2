package dev.crystal.runtime.internal;

import dev.crystal.runtime.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of one cell. The built-in meters read the cell's counters on scrape; the processing
 * timer is recorded by the cell's thread; the {@link WorkerMetrics} meter caches belong to the cell's thread.
 */
final class CellMeters implements WorkerMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer processingTimer;
    private final Counter stuckCounter;
    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Timer> timers = new HashMap<>();
    private final Map<String, Counter> expired = new HashMap<>();

    CellMeters(MeterRegistry registry, String runtimeName, String cellName, WorkerCell<?> cell) {
        this.registry = registry;
        this.tags = Tags.of("worker", cellName, "runtime", runtimeName);
        this.processingTimer = Timer.builder("crystal.worker.processing")
                .description("Time a worker's handler takes per message (sampled under load)").tags(tags)
                .publishPercentileHistogram().register(registry);
        this.stuckCounter = Counter.builder("crystal.worker.stuck").tags(tags)
                .description("Handlers reported as running past the stuck threshold").register(registry);
        FunctionCounter.builder("crystal.worker.processed", cell, WorkerCell::processedCount).tags(tags)
                .description("Messages handled successfully").register(registry);
        FunctionCounter.builder("crystal.worker.errors", cell, WorkerCell::errorCount).tags(tags)
                .description("Handler failures, retries included").register(registry);
        FunctionCounter.builder("crystal.worker.rejected", cell, WorkerCell::rejectedCount).tags(tags)
                .description("Messages refused by a full mailbox").register(registry);
        FunctionCounter.builder("crystal.worker.dead.lettered", cell, WorkerCell::deadLetteredCount).tags(tags)
                .description("Messages sent to the dead letters").register(registry);
        FunctionCounter.builder("crystal.worker.restarts", cell, WorkerCell::restartCount).tags(tags)
                .description("Restarts of the worker thread after a crash").register(registry);
        Gauge.builder("crystal.worker.mailbox.depth", cell, WorkerCell::depth).tags(tags)
                .description("Messages waiting in the mailbox").register(registry);
        Gauge.builder("crystal.worker.mailbox.high.water.mark", cell, WorkerCell::highWaterMark).tags(tags)
                .description("Largest mailbox depth seen").register(registry);
        Gauge.builder("crystal.worker.uptime", cell, WorkerCell::uptimeSeconds).tags(tags).baseUnit("seconds")
                .description("Time since the worker started").register(registry);
    }

    void recordProcessing(long nanos) {
        processingTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    void stuck() {
        stuckCounter.increment();
    }

    /** One message of {@code type} dead-lettered because its time-to-live had passed ({@code crystal_messages_expired_total}). */
    void expired(String type) {
        expired.computeIfAbsent(type, t -> Counter.builder("crystal.messages.expired")
                .description("Messages dead-lettered because their time-to-live had passed before a worker took them")
                .tags(tags).tag("type", t).register(registry)).increment();
    }

    @Override
    public void increment(String name) {
        increment(name, 1.0);
    }

    @Override
    public void increment(String name, double by) {
        counters.computeIfAbsent(name, n -> Counter.builder(n).tags(tags).register(registry)).increment(by);
    }

    @Override
    public void record(String name, Duration duration) {
        timers.computeIfAbsent(name, n -> Timer.builder(n).tags(tags).register(registry)).record(duration);
    }
}
