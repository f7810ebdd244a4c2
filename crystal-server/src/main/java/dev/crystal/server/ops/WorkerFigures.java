package dev.crystal.server.ops;

/**
 * One worker over a span of time (immutable).
 *
 * @param state            lifecycle state now
 * @param uptimeSeconds    since the worker started
 * @param processed        messages handled successfully, since start
 * @param errors           handler failures, since start
 * @param restarts         thread restarts after crashes, since start
 * @param recentRestarts   restarts within the alert rules' restart window
 * @param mailboxDepth     messages waiting now
 * @param mailboxCapacity  mailbox bound, 0 when unknown
 * @param rejected         messages refused by a full mailbox, since start
 * @param deadLettered     messages sent to the dead letters, since start
 * @param handledInSpan    messages handled successfully within the span
 * @param failedInSpan     handler failures within the span
 * @param throughput       messages handled per second over the span
 * @param errorRate        failures / (handled + failures) over the span, 0..1
 * @param p50Ms            median handling time over the span
 * @param p99Ms            99th percentile handling time over the span
 * @param meanMs           mean handling time over the span
 */
public record WorkerFigures(String name, String state, long uptimeSeconds, long processed, long errors,
                            long restarts, long recentRestarts, int mailboxDepth, int mailboxCapacity,
                            long rejected, long deadLettered, long handledInSpan, long failedInSpan, double throughput, double errorRate, double p50Ms, double p99Ms, double meanMs) {

    /** Mailbox fill ratio 0..1, 0 when the capacity is unknown. */
    public double mailboxFill() {
        return mailboxCapacity <= 0 ? 0 : (double) mailboxDepth / mailboxCapacity;
    }
}
