package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns successive {@link MeterReading}s into {@link OpsSnapshot}s: rates and percentiles over a
 * sliding window, totals since the first reading. Thread ownership: the reading history belongs
 * to the one thread that calls {@link #sample()} (the ops monitor's tick thread, or a test).
 */
public final class SnapshotSampler {
    private final MeterReader reader;
    private final InstantSource clock;
    private final Duration window;
    private final Duration retention;
    private final Duration trendWindow;
    private final ArrayDeque<MeterReading> history = new ArrayDeque<>();
    private MeterReading baseline;

    /**
     * @param window      span of the sliding window for rates and percentiles
     * @param retention   how much reading history to keep (at least the window, the restart and trend windows)
     * @param trendWindow span of the job queues' backlog trend
     */
    public SnapshotSampler(MeterReader reader, InstantSource clock, Duration window, Duration retention,
                           Duration trendWindow) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (retention.compareTo(window) < 0) {
            throw new IllegalArgumentException("retention " + retention + " must cover the window " + window);
        }
        if (retention.compareTo(trendWindow) < 0) {
            throw new IllegalArgumentException("retention " + retention + " must cover the trend window " + trendWindow);
        }
        this.window = window;
        this.retention = retention;
        this.trendWindow = trendWindow;
    }

    /** Reads the meters now and describes the window ending now and the period since the first sample. */
    public OpsSnapshot sample() {
        MeterReading now = reader.read(clock.instant());
        if (baseline == null) {
            baseline = now;
        }
        history.addLast(now);
        while (history.size() > 2 && history.peekFirst().at().isBefore(now.at().minus(retention))) {
            history.removeFirst();
        }
        MeterReading windowStart = readingAtOrBefore(now.at().minus(window));
        MeterReading restartStart = history.peekFirst();
        return new OpsSnapshot(now.at(), baseline.at(), figures(windowStart, now, restartStart),
                figures(baseline, now, baseline), breakers(now), queues(windowStart, now), compression(now));
    }

    /** The reading of the latest {@link #sample()}, {@code null} before the first. */
    public MeterReading lastReading() {
        return history.peekLast();
    }

    /** The newest reading taken at or before {@code instant}, else the oldest kept. */
    private MeterReading readingAtOrBefore(Instant instant) {
        MeterReading found = history.peekFirst();
        for (MeterReading r : history) {
            if (r.at().isAfter(instant)) {
                break;
            }
            found = r;
        }
        return found;
    }

    private static Figures figures(MeterReading from, MeterReading to, MeterReading restartsFrom) {
        Duration span = Duration.between(from.at(), to.at());
        double seconds = Math.max(span.toMillis() / 1000.0, 0.001);
        List<WorkerFigures> workers = new ArrayList<>();
        long handled = 0;
        long failed = 0;
        LatencyHistogram all = LatencyHistogram.EMPTY;
        for (MeterReading.Worker w : to.workers().values()) {
            MeterReading.Worker before = from.workers().get(w.name());
            MeterReading.Worker restartBase = restartsFrom.workers().get(w.name());
            long dProcessed = w.processed() - (before == null ? 0 : before.processed());
            long dErrors = w.errors() - (before == null ? 0 : before.errors());
            LatencyHistogram latency = before == null ? w.latency() : w.latency().since(before.latency());
            handled += dProcessed;
            failed += dErrors;
            all = sumLenient(all, latency);
            workers.add(new WorkerFigures(w.name(), w.state(), w.uptime().toSeconds(), w.processed(), w.errors(),
                    w.restarts(), w.restarts() - (restartBase == null ? 0 : restartBase.restarts()),
                    w.mailboxDepth(), w.mailboxCapacity(), w.rejected(), w.deadLettered(), dProcessed, dErrors, dProcessed / seconds, rate(dErrors, dProcessed + dErrors),
                    latency.percentileMs(0.5), latency.percentileMs(0.99), latency.meanMs()));
        }
        Figures.Overall overall = new Figures.Overall(handled, failed, handled / seconds, rate(failed, handled + failed),
                all.percentileMs(0.5), all.percentileMs(0.99), all.meanMs());
        LatencyHistogram httpLatency = to.http().latency().since(from.http().latency());
        long requests = to.http().requests() - from.http().requests();
        long serverErrors = to.http().serverErrors() - from.http().serverErrors();
        Figures.HttpFigures http = new Figures.HttpFigures(requests, requests / seconds, rate(serverErrors, requests),
                httpLatency.percentileMs(0.5), httpLatency.percentileMs(0.99));
        return new Figures(span, List.copyOf(workers), overall, http);
    }

    private static LatencyHistogram sumLenient(LatencyHistogram a, LatencyHistogram b) {
        try {
            return a.plus(b);
        } catch (IllegalArgumentException differentBuckets) {
            return a.count() >= b.count() ? a : b;
        }
    }

    private static double rate(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }

    private static List<OpsSnapshot.BreakerFigures> breakers(MeterReading now) {
        return now.breakerStates().entrySet().stream()
                .map(e -> new OpsSnapshot.BreakerFigures(e.getKey(), e.getValue())).toList();
    }

    private static List<OpsSnapshot.CompressionFigures> compression(MeterReading now) {
        return now.compression().entrySet().stream().filter(e -> e.getValue().count() > 0)
                .map(e -> new OpsSnapshot.CompressionFigures(e.getKey(), e.getValue().count(),
                        e.getValue().ratioSum() / e.getValue().count())).toList();
    }

    private List<OpsSnapshot.QueueFigures> queues(MeterReading windowStart, MeterReading now) {
        double seconds = Math.max(Duration.between(windowStart.at(), now.at()).toMillis() / 1000.0, 0.001);
        List<OpsSnapshot.QueueFigures> out = new ArrayList<>();
        for (Map.Entry<String, Long> q : now.queueBacklogs().entrySet()) {
            long before = windowStart.queueBacklogs().getOrDefault(q.getKey(), q.getValue());
            double[] trend = trend(q.getKey(), now.at());
            out.add(new OpsSnapshot.QueueFigures(q.getKey(), q.getValue(), trend[0], trend[1],
                    (q.getValue() - before) / seconds));
        }
        return out;
    }

    /**
     * The least-squares line through the queue's backlog readings of the trend window: {rise over the span, span in
     * seconds}. A line, not a count of growing samples, so a backlog that grows in bursts with flat samples between
     * them (jobs added every few seconds) shows its growth, and one that wobbles around a level shows none.
     */
    private double[] trend(String queue, Instant now) {
        Instant from = now.minus(trendWindow);
        double n = 0;
        double sumT = 0;
        double sumY = 0;
        double sumTT = 0;
        double sumTY = 0;
        Instant first = null;
        for (MeterReading r : history) {
            Long backlog = r.queueBacklogs().get(queue);
            if (backlog == null || r.at().isBefore(from)) {
                continue;
            }
            if (first == null) {
                first = r.at();
            }
            double t = Duration.between(first, r.at()).toMillis() / 1000.0;
            n++;
            sumT += t;
            sumY += backlog;
            sumTT += t * t;
            sumTY += t * backlog;
        }
        if (first == null || n < 3) {
            return new double[]{0, 0};
        }
        double span = Duration.between(first, now).toMillis() / 1000.0;
        double denominator = n * sumTT - sumT * sumT;
        if (denominator <= 0) {
            return new double[]{0, span};
        }
        double slope = (n * sumTY - sumT * sumY) / denominator;
        return new double[]{slope * span, span};
    }
}
