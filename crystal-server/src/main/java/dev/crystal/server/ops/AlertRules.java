package dev.crystal.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The alert rules: which conditions hold in a snapshot under the given thresholds. An alert already active is
 * judged against its threshold × {@link AlertSettings#resolveRatio()} (hysteresis), so a figure just under its limit
 * keeps it active. Stateless.
 */
public final class AlertRules {
    /**
     * A rule that holds now.
     *
     * @param value     the measured figure
     * @param threshold the rule's limit
     */
    public record Condition(AlertKind kind, String subject, String message, double value, double threshold) {
    }

    private final AlertSettings settings;

    public AlertRules(AlertSettings settings) {
        this.settings = settings;
    }

    public AlertSettings settings() {
        return settings;
    }

    /** Every condition that holds in {@code snapshot}, judging every alert as not active. */
    public List<Condition> holding(OpsSnapshot snapshot) {
        return holding(snapshot, key -> false);
    }

    /**
     * Every condition that holds in {@code snapshot}; for an alert whose key ({@code KIND/subject}) {@code active}
     * accepts, the lower resolve threshold applies.
     */
    public List<Condition> holding(OpsSnapshot snapshot, Predicate<String> active) {
        List<Condition> out = new ArrayList<>();
        long windowSeconds = Math.max(1, snapshot.window().span().toSeconds());
        for (WorkerFigures w : snapshot.window().workers()) {
            boolean enough = w.handledInSpan() + w.failedInSpan() >= settings.minMessages();
            if (enough && w.p99Ms() > limit(settings.p99LatencyMs(), AlertKind.HIGH_LATENCY, w.name(), active)) {
                out.add(new Condition(AlertKind.HIGH_LATENCY, w.name(), String.format(Locale.ROOT,
                        "p99 handling time of %s is %.1f ms over the last %d s (limit %.0f ms)",
                        w.name(), w.p99Ms(), windowSeconds, settings.p99LatencyMs()), w.p99Ms(), settings.p99LatencyMs()));
            }
            if (enough && w.errorRate() > limit(settings.errorRate(), AlertKind.HIGH_ERROR_RATE, w.name(), active)) {
                out.add(new Condition(AlertKind.HIGH_ERROR_RATE, w.name(), String.format(Locale.ROOT,
                        "error rate of %s is %.2f%% over the last %d s (limit %.2f%%)", w.name(), w.errorRate() * 100,
                        windowSeconds, settings.errorRate() * 100), w.errorRate(), settings.errorRate()));
            }
            if (w.mailboxCapacity() > 0
                    && w.mailboxFill() > limit(settings.mailboxFill(), AlertKind.MAILBOX_NEARLY_FULL, w.name(), active)) {
                out.add(new Condition(AlertKind.MAILBOX_NEARLY_FULL, w.name(), String.format(Locale.ROOT,
                        "mailbox of %s holds %d of %d messages (%.0f%%, limit %.0f%%)", w.name(), w.mailboxDepth(),
                        w.mailboxCapacity(), w.mailboxFill() * 100, settings.mailboxFill() * 100),
                        w.mailboxFill(), settings.mailboxFill()));
            }
            if (w.recentRestarts() > 0) {
                out.add(new Condition(AlertKind.WORKER_RESTARTING, w.name(), String.format(Locale.ROOT,
                        "%s restarted %d time(s) within %d s after crashes (%d since start)", w.name(),
                        w.recentRestarts(), settings.restartWindow().toSeconds(), w.restarts()),
                        w.recentRestarts(), 0));
            }
        }
        Figures.HttpFigures http = snapshot.window().http();
        if (http.requests() >= settings.minMessages()
                && http.p99Ms() > limit(settings.p99LatencyMs(), AlertKind.HIGH_LATENCY, "http", active)) {
            out.add(new Condition(AlertKind.HIGH_LATENCY, "http", String.format(Locale.ROOT,
                    "p99 HTTP response time is %.1f ms over the last %d s (limit %.0f ms)", http.p99Ms(),
                    windowSeconds, settings.p99LatencyMs()), http.p99Ms(), settings.p99LatencyMs()));
        }
        if (http.requests() >= settings.minMessages()
                && http.serverErrorRate() > limit(settings.errorRate(), AlertKind.HIGH_ERROR_RATE, "http", active)) {
            out.add(new Condition(AlertKind.HIGH_ERROR_RATE, "http", String.format(Locale.ROOT,
                    "%.2f%% of HTTP requests failed with 5xx over the last %d s (limit %.2f%%)",
                    http.serverErrorRate() * 100, windowSeconds, settings.errorRate() * 100),
                    http.serverErrorRate(), settings.errorRate()));
        }
        for (OpsSnapshot.BreakerFigures b : snapshot.breakers()) {
            if (b.open()) {
                out.add(new Condition(AlertKind.CIRCUIT_BREAKER_OPEN, b.name(),
                        "circuit breaker " + b.name() + " is " + b.state() + ": calls through it fail fast", 1, 0));
            }
        }
        double trendSpan = settings.queueGrowthWindow().toMillis() / 1000.0 * 0.8;
        for (OpsSnapshot.QueueFigures q : snapshot.queues()) {
            double limit = limit(settings.queueGrowthJobs(), AlertKind.QUEUE_DEPTH_GROWING, q.name(), active);
            if (q.trendSeconds() >= trendSpan && q.trendJobs() > limit) {
                out.add(new Condition(AlertKind.QUEUE_DEPTH_GROWING, q.name(), String.format(Locale.ROOT,
                        "backlog of queue %s rose by %.0f jobs over the last %.0f s (%+.1f jobs/s) to %d jobs "
                                + "(limit %d jobs)", q.name(), q.trendJobs(), q.trendSeconds(), q.trendPerSecond(),
                        q.backlog(), settings.queueGrowthJobs()), q.trendJobs(), settings.queueGrowthJobs()));
            }
        }
        return out;
    }

    /** The threshold an alert is judged against: lowered by the resolve ratio while it is active. */
    private double limit(double threshold, AlertKind kind, String subject, Predicate<String> active) {
        return active.test(kind + "/" + subject) ? threshold * settings.resolveRatio() : threshold;
    }
}
