package dev.crystal.server.ops;

/** The closed set of alerts the platform raises, each with its severity. */
public enum AlertKind {
    /** A worker's p99 handling time (or HTTP's p99 response time) is over the limit. */
    HIGH_LATENCY(Severity.WARNING),
    /** A worker's handler failure rate is over the limit. */
    HIGH_ERROR_RATE(Severity.ERROR),
    /** A worker's mailbox is nearly full: senders are about to be slowed down or refused. */
    MAILBOX_NEARLY_FULL(Severity.WARNING),
    /** A worker's thread was restarted after a crash within the restart window. */
    WORKER_RESTARTING(Severity.ERROR),
    /** A circuit breaker is open: calls through it fail fast. */
    CIRCUIT_BREAKER_OPEN(Severity.ERROR),
    /** A job queue's backlog has grown sample after sample: consumers do not keep up. */
    QUEUE_DEPTH_GROWING(Severity.WARNING);

    /** How urgent an alert is. */
    public enum Severity { WARNING, ERROR }

    private final Severity severity;

    AlertKind(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
