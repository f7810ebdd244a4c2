package dev.crystal.runtime;

/** How a worker thread waits when its mailbox is empty. */
public enum IdleStrategy {
    /**
     * Default: spin briefly, then yield, then park until a producer wakes the thread. Answers within
     * microseconds while busy and costs near zero CPU when idle.
     */
    BACKOFF_PARK,
    /** Busy-spin forever: lowest latency, one full core per worker. Only for latency-critical workers. */
    SPIN
}
