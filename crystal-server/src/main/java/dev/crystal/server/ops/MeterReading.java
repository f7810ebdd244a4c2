package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The cumulative state of the platform's meters at one instant (immutable). Rates and windowed
 * percentiles come from subtracting an earlier reading.
 *
 * @param at             when it was read
 * @param workers        per worker name
 * @param breakerStates  circuit breaker name to state ({@code closed}, {@code open}, {@code half_open}, ...)
 * @param queueBacklogs  job queue name to jobs not yet finished (waiting, delayed, active, ...)
 * @param http           all HTTP requests served
 * @param compression    per compression algorithm of the wire codecs: messages compressed and their ratios
 */
public record MeterReading(Instant at, Map<String, Worker> workers, Map<String, String> breakerStates,
                           Map<String, Long> queueBacklogs, Http http, Map<String, Compression> compression) {

    /**
     * One worker's cumulative figures.
     *
     * @param state           lifecycle state name, {@code UNKNOWN} when the worker only shows up in meters
     * @param mailboxCapacity 0 when unknown
     * @param rejected        messages refused by a full mailbox
     * @param deadLettered    messages sent to the dead letters
     */
    public record Worker(String name, String state, Duration uptime, long processed, long errors, long restarts,
                         int mailboxDepth, int mailboxCapacity, long rejected, long deadLettered,
                         LatencyHistogram latency) {
    }

    /** Cumulative compression figures of one algorithm: bodies compressed and the sum of their ratios. */
    public record Compression(long count, double ratioSum) {
    }

    /** Cumulative HTTP figures: requests, those answered 5xx, and their latency. */
    public record Http(long requests, long serverErrors, LatencyHistogram latency) {
        public static final Http NONE = new Http(0, 0, LatencyHistogram.EMPTY);
    }
}
