package dev.crystal.server.ops;

import dev.crystal.runtime.WorkerHealth;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads the meters that other modules register (by name, so new ones show up without code here)
 * plus worker health into a {@link MeterReading}. Stateless; the registry and health source are
 * thread-safe.
 */
public final class MeterReader {
    static final String WORKER_PROCESSING = "crystal.worker.processing";
    static final String WORKER_PROCESSED = "crystal.worker.processed";
    static final String WORKER_ERRORS = "crystal.worker.errors";
    static final String WORKER_RESTARTS = "crystal.worker.restarts";
    static final String WORKER_REJECTED = "crystal.worker.rejected";
    static final String WORKER_DEAD_LETTERED = "crystal.worker.dead.lettered";
    static final String WORKER_MAILBOX_DEPTH = "crystal.worker.mailbox.depth";
    /** Resilience4j's Micrometer binder: one gauge per breaker and state, 1 for the current state. */
    static final String BREAKER_STATE = "resilience4j.circuitbreaker.state";
    /** crystal-jobs: one gauge per queue and job state. */
    static final String QUEUE_DEPTH = "crystal.jobs.depth";
    /** crystal-wire: uncompressed / compressed body size, per algorithm. */
    static final String COMPRESSION_RATIO = "crystal.wire.compression.ratio";
    private static final Set<String> FINISHED_JOB_STATES = Set.of("completed", "failed");

    private final MeterRegistry registry;
    private final Supplier<List<WorkerHealth>> health;

    public MeterReader(MeterRegistry registry, Supplier<List<WorkerHealth>> health) {
        this.registry = registry;
        this.health = health;
    }

    /** Reads every meter now; {@code at} is the instant the reading is stamped with. */
    public MeterReading read(Instant at) {
        return new MeterReading(at, workers(), breakers(), queues(), http(), compression());
    }

    private Map<String, MeterReading.Worker> workers() {
        Map<String, MeterReading.Worker> out = new LinkedHashMap<>();
        for (WorkerHealth h : health.get()) {
            out.put(h.name(), new MeterReading.Worker(h.name(), h.state().name(), h.uptime(), h.processed(),
                    h.errors(), count(WORKER_RESTARTS, h.name()), h.mailboxDepth(), h.mailboxCapacity(),
                    h.rejected(), h.deadLettered(), latency(h.name())));
        }
        // workers of other runtimes sharing the registry (e.g. job processors) appear through their meters
        for (FunctionCounter c : registry.find(WORKER_PROCESSED).functionCounters()) {
            String name = c.getId().getTag("worker");
            if (name != null && !out.containsKey(name)) {
                Gauge depth = registry.find(WORKER_MAILBOX_DEPTH).tag("worker", name).gauge();
                out.put(name, new MeterReading.Worker(name, "UNKNOWN", Duration.ZERO, (long) c.count(),
                        count(WORKER_ERRORS, name), count(WORKER_RESTARTS, name),
                        depth == null ? 0 : (int) depth.value(), 0, count(WORKER_REJECTED, name),
                        count(WORKER_DEAD_LETTERED, name), latency(name)));
            }
        }
        return out;
    }

    private long count(String meter, String worker) {
        double sum = 0;
        for (FunctionCounter c : registry.find(meter).tag("worker", worker).functionCounters()) {
            sum += c.count();
        }
        for (var c : registry.find(meter).tag("worker", worker).counters()) {
            sum += c.count();
        }
        return (long) sum;
    }

    private LatencyHistogram latency(String worker) {
        LatencyHistogram sum = LatencyHistogram.EMPTY;
        for (Timer t : registry.find(WORKER_PROCESSING).tag("worker", worker).timers()) {
            sum = sum.plus(LatencyHistogram.of(t.takeSnapshot()));
        }
        return sum;
    }

    private Map<String, String> breakers() {
        Map<String, String> out = new TreeMap<>();
        for (Gauge g : registry.find(BREAKER_STATE).gauges()) {
            String name = g.getId().getTag("name");
            String state = g.getId().getTag("state");
            if (name != null && state != null && g.value() >= 1) {
                out.put(name, state);
            }
        }
        return out;
    }

    private Map<String, Long> queues() {
        Map<String, Long> out = new TreeMap<>();
        for (Gauge g : registry.find(QUEUE_DEPTH).gauges()) {
            String queue = g.getId().getTag("queue");
            String state = g.getId().getTag("state");
            if (queue == null) {
                continue;
            }
            long jobs = state != null && FINISHED_JOB_STATES.contains(state) ? 0 : Math.round(g.value());
            out.merge(queue, jobs, Long::sum);
        }
        return out;
    }

    private Map<String, MeterReading.Compression> compression() {
        Map<String, MeterReading.Compression> out = new TreeMap<>();
        for (DistributionSummary s : registry.find(COMPRESSION_RATIO).summaries()) {
            String algorithm = s.getId().getTag("algorithm");
            out.merge(algorithm == null ? "all" : algorithm, new MeterReading.Compression(s.count(), s.totalAmount()),
                    (a, b) -> new MeterReading.Compression(a.count() + b.count(), a.ratioSum() + b.ratioSum()));
        }
        return out;
    }

    private MeterReading.Http http() {
        long requests = 0;
        long serverErrors = 0;
        LatencyHistogram latency = LatencyHistogram.EMPTY;
        for (Timer t : registry.find(HttpRequestMeters.NAME).timers()) {
            long n = t.count();
            requests += n;
            String status = t.getId().getTag("status");
            if (status != null && status.startsWith("5")) {
                serverErrors += n;
            }
            latency = latency.plus(LatencyHistogram.of(t.takeSnapshot()));
        }
        return new MeterReading.Http(requests, serverErrors, latency);
    }
}
