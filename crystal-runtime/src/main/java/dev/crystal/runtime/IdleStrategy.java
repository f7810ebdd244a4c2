package dev.crystal.runtime;

/** How a worker thread waits when its mailbox is empty. */
public enum IdleStrategy {
    /**
     * Default: spin for up to 50 µs, then park until a producer wakes the thread. Answers within a microsecond
     * while busy and costs near zero CPU when idle. (A yield phase between spin and park is configured empty:
     * on a loaded machine a yield gave the core away for a whole time slice.)
     */
    BACKOFF_PARK,
    /** Busy-spin forever: lowest latency, one full core per worker. Only for latency-critical workers. */
    SPIN
}
