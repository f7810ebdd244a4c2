package dev.crystal.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The alert rules: which conditions hold in a snapshot under the given thresholds. Stateless. */
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

    /** Every condition that holds in {@code snapshot}. */
    public List<Condition> holding(OpsSnapshot snapshot) {
        List<Condition> out = new ArrayList<>();
        long windowSeconds = Math.max(1, snapshot.window().span().toSeconds());
        for (WorkerFigures w : snapshot.window().workers()) {
            boolean enough = w.handledInSpan() + w.failedInSpan() >= settings.minMessages();
            if (enough && w.p99Ms() > settings.p99LatencyMs()) {
                out.add(new Condition(AlertKind.HIGH_LATENCY, w.name(), String.format(Locale.ROOT,
                        "p99 handling time of %s is %.1f ms over the last %d s (limit %.0f ms)",
                        w.name(), w.p99Ms(), windowSeconds, settings.p99LatencyMs()), w.p99Ms(), settings.p99LatencyMs()));
            }
            if (enough && w.errorRate() > settings.errorRate()) {
                out.add(new Condition(AlertKind.HIGH_ERROR_RATE, w.name(), String.format(Locale.ROOT,
                        "error rate of %s is %.2f%% over the last %d s (limit %.2f%%)", w.name(), w.errorRate() * 100,
                        windowSeconds, settings.errorRate() * 100), w.errorRate(), settings.errorRate()));
            }
            if (w.mailboxCapacity() > 0 && w.mailboxFill() > settings.mailboxFill()) {
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
        if (http.requests() >= settings.minMessages() && http.p99Ms() > settings.p99LatencyMs()) {
            out.add(new Condition(AlertKind.HIGH_LATENCY, "http", String.format(Locale.ROOT,
                    "p99 HTTP response time is %.1f ms over the last %d s (limit %.0f ms)", http.p99Ms(),
                    windowSeconds, settings.p99LatencyMs()), http.p99Ms(), settings.p99LatencyMs()));
        }
        if (http.requests() >= settings.minMessages() && http.serverErrorRate() > settings.errorRate()) {
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
        for (OpsSnapshot.QueueFigures q : snapshot.queues()) {
            if (q.growingSamples() >= settings.queueGrowingSamples()) {
                out.add(new Condition(AlertKind.QUEUE_DEPTH_GROWING, q.name(), String.format(Locale.ROOT,
                        "backlog of queue %s grew in %d consecutive samples to %d jobs (%+.1f jobs/s)", q.name(),
                        q.growingSamples(), q.backlog(), q.changePerSecond()), q.backlog(),
                        settings.queueGrowingSamples()));
            }
        }
        return out;
    }
}
