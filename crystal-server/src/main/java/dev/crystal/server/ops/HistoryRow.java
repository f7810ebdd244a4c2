package dev.crystal.server.ops;

/**
 * What one subject did within one minute or hour of the sample history (immutable): a worker's messages, HTTP's
 * requests, a job queue's backlog, or the platform's running time.
 *
 * @param kind         {@code platform}, {@code worker}, {@code http} or {@code queue}
 * @param subject      worker or queue name, {@code http}, {@code *} for the platform
 * @param coveredMs    time the platform sampled within the bucket
 * @param handled      messages handled (HTTP: requests answered)
 * @param failed       handler failures (HTTP: 5xx answers)
 * @param rejected     messages refused by a full mailbox
 * @param deadLettered messages sent to the dead letters
 * @param restarts     worker restarts
 * @param peak         highest mailbox depth or queue backlog seen
 * @param last         mailbox depth or queue backlog at the bucket's end
 * @param latency      handling (HTTP: response) time histogram of the bucket
 */
public record HistoryRow(String kind, String subject, long coveredMs, long handled, long failed, long rejected,
                         long deadLettered, long restarts, long peak, long last, LatencyHistogram latency) {
    public static final String PLATFORM = "platform";
    public static final String WORKER = "worker";
    public static final String HTTP = "http";
    public static final String QUEUE = "queue";

    /** The two rows of one subject together, {@code later} after this one. */
    public HistoryRow plus(HistoryRow later) {
        LatencyHistogram sum;
        try {
            sum = latency.plus(later.latency);
        } catch (IllegalArgumentException differentBuckets) {
            sum = latency.count() >= later.latency.count() ? latency : later.latency;
        }
        return new HistoryRow(kind, subject, coveredMs + later.coveredMs, handled + later.handled,
                failed + later.failed, rejected + later.rejected, deadLettered + later.deadLettered,
                restarts + later.restarts, Math.max(peak, later.peak), later.last, sum);
    }

    /** Whether nothing happened (an idle worker's minute is not stored). */
    boolean idle() {
        return handled == 0 && failed == 0 && rejected == 0 && deadLettered == 0 && restarts == 0 && peak == 0
                && latency.count() == 0;
    }
}
