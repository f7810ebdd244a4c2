package dev.crystal.server.ops;

import java.time.Duration;
import java.util.List;

/**
 * The platform over one span of time (the sliding window, or the whole period since start).
 * Immutable.
 *
 * @param span      length of the span
 * @param workers   per worker, in registration order
 * @param all       every worker together
 * @param http      HTTP requests over the span
 */
public record Figures(Duration span, List<WorkerFigures> workers, Overall all, HttpFigures http) {

    /**
     * Every worker together.
     *
     * @param handled    messages handled successfully within the span
     * @param failed     handler failures within the span
     */
    public record Overall(long handled, long failed, double throughput, double errorRate, double p50Ms,
                          double p99Ms, double meanMs) {
    }

    /**
     * HTTP requests within the span.
     *
     * @param serverErrorRate 5xx answers / requests, 0..1
     */
    public record HttpFigures(long requests, double requestsPerSecond, double serverErrorRate, double p50Ms,
                              double p99Ms) {
    }
}
