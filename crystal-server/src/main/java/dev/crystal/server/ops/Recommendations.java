package dev.crystal.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advice derived from the figures (never canned): each line names the worker or queue and the
 * measured value that prompted it. Stateless.
 */
public final class Recommendations {
    /** Below this mean handling time batching gains little; above it, batching is worth a look. */
    static final double BATCHING_MEAN_MS = 50;
    /** Share of the error-rate limit from which validation and error handling deserve a review. */
    static final double ERROR_REVIEW_SHARE = 0.5;
    /** Mailbox fill ratio from which more capacity or partitioning is advised. */
    static final double MAILBOX_PRESSURE = 0.5;

    private final AlertSettings settings;

    public Recommendations(AlertSettings settings) {
        this.settings = settings;
    }

    /** Recommendations for the given figures (window or period) and breakers/queues of the snapshot. */
    public List<String> derive(Figures figures, OpsSnapshot snapshot) {
        List<String> out = new ArrayList<>();
        for (WorkerFigures w : figures.workers()) {
            if (w.handledInSpan() + w.failedInSpan() < settings.minMessages()) {
                continue;
            }
            if (w.p99Ms() > settings.p99LatencyMs()) {
                out.add(String.format(Locale.ROOT, "%s: p99 %.1f ms is over the %.0f ms limit; profile its handler "
                                + "(storage writes, downstream requests) or partition it by key", w.name(), w.p99Ms(),
                        settings.p99LatencyMs()));
            } else if (w.meanMs() > BATCHING_MEAN_MS) {
                out.add(String.format(Locale.ROOT, "%s: mean handling time %.1f ms; batch its storage writes "
                        + "(one transaction per drained batch)", w.name(), w.meanMs()));
            }
            if (w.errorRate() > settings.errorRate() * ERROR_REVIEW_SHARE) {
                out.add(String.format(Locale.ROOT, "%s: %.2f%% of messages fail (%d of %d); review message "
                                + "validation and the dead letters", w.name(), w.errorRate() * 100, w.failedInSpan(),
                        w.handledInSpan() + w.failedInSpan()));
            }
            if (w.mailboxFill() > MAILBOX_PRESSURE) {
                out.add(String.format(Locale.ROOT, "%s: mailbox %.0f%% full (%d/%d); raise its capacity or split "
                        + "it into partitions", w.name(), w.mailboxFill() * 100, w.mailboxDepth(), w.mailboxCapacity()));
            }
            if (w.recentRestarts() > 0) {
                out.add(String.format(Locale.ROOT, "%s: restarted %d time(s) recently; read its crash logs and "
                        + "dead letters", w.name(), w.recentRestarts()));
            }
        }
        for (OpsSnapshot.BreakerFigures b : snapshot.breakers()) {
            if (b.open()) {
                out.add("breaker " + b.name() + " is " + b.state() + "; check the system behind it before it half-opens");
            }
        }
        for (OpsSnapshot.QueueFigures q : snapshot.queues()) {
            if (q.trendJobs() > settings.queueGrowthJobs() / 2.0 && q.backlog() > 0) {
                out.add(String.format(Locale.ROOT, "queue %s: backlog %d and growing %+.1f jobs/s over %.0f s; add "
                        + "consumers or raise its concurrency", q.name(), q.backlog(), q.trendPerSecond(),
                        q.trendSeconds()));
            }
        }
        Figures.HttpFigures http = figures.http();
        if (http.requests() >= settings.minMessages() && http.p99Ms() > settings.p99LatencyMs()) {
            out.add(String.format(Locale.ROOT, "http: p99 response time %.1f ms over %.0f ms; see which worker's "
                    + "latency dominates above", http.p99Ms(), settings.p99LatencyMs()));
        }
        return out;
    }
}
