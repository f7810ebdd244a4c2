package dev.crystal.server.ops;

import java.time.Instant;
import java.util.List;

/**
 * What the platform looks like at one instant: the sliding window (charts, alerts), the period
 * since start (report), breakers, job queues and wire compression. Immutable.
 */
public record OpsSnapshot(Instant at, Instant startedAt, Figures window, Figures period,
                          List<BreakerFigures> breakers, List<QueueFigures> queues,
                          List<CompressionFigures> compression) {

    /**
     * Compression by the wire codecs since start (present when crystal-wire registers its meters).
     *
     * @param messages    bodies compressed
     * @param meanRatio   mean of uncompressed / compressed size
     */
    public record CompressionFigures(String algorithm, long messages, double meanRatio) {
    }

    /** A circuit breaker and its state ({@code closed}, {@code open}, {@code half_open}, ...). */
    public record BreakerFigures(String name, String state) {
        public boolean open() {
            return state.equals("open") || state.equals("forced_open");
        }
    }

    /**
     * A job queue's backlog.
     *
     * @param backlog          jobs not yet finished now
     * @param trendJobs        rise of the backlog's least-squares line over {@code trendSeconds} (negative: falling)
     * @param trendSeconds     span of the readings behind the trend (the rules' queue growth window once the
     *                         platform has run that long)
     * @param changePerSecond  backlog change per second over the window
     */
    public record QueueFigures(String name, long backlog, double trendJobs, double trendSeconds,
                               double changePerSecond) {
        /** The trend's slope in jobs per second. */
        public double trendPerSecond() {
            return trendSeconds <= 0 ? 0 : trendJobs / trendSeconds;
        }
    }
}
