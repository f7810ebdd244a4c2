package dev.crystal.store.trace;

/**
 * One row of the trace log: one hop of an operation. Times are epoch microseconds. Immutable.
 *
 * @param correlationId the operation
 * @param messageId     the message (or {@code http:…}, {@code job:…} for requests and job attempts)
 * @param causationId   the message whose handling caused it, or {@code null}
 * @param kind          {@code message}, {@code http} or {@code job}
 * @param type          message type, {@code POST /route}, or the job's queue
 * @param source        sender (worker, {@code external}, {@code http}, {@code jobs})
 * @param target        receiver (worker, route, queue)
 * @param node          the node that handled it
 * @param enqueuedMicros when it was sent / the request arrived / the job became ready
 * @param startedMicros  when handling started
 * @param finishedMicros when handling ended
 * @param commitWaitMicros wait from the end of handling to the commit of its batch
 * @param outcome       {@code HANDLED}, {@code DEAD_LETTERED}, {@code CRASHED}, an HTTP status, {@code completed}…
 * @param detail        free text (a failure reason), or {@code null}
 * @param subject       the business id it is about, or {@code null}
 * @param customer      the customer (or affiliate) it concerns, or {@code null}
 */
public record TraceRecord(String correlationId, String messageId, String causationId, String kind, String type,
                          String source, String target, String node, long enqueuedMicros, long startedMicros,
                          long finishedMicros, long commitWaitMicros, String outcome, String detail, String subject,
                          String customer) {

    /** Time from enqueue to start, microseconds. */
    public long queueWaitMicros() {
        return Math.max(0, startedMicros - enqueuedMicros);
    }

    /** Handling time, microseconds. */
    public long handlingMicros() {
        return Math.max(0, finishedMicros - startedMicros);
    }
}
