package dev.crystal.runtime.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether a worker's handler has been running past a threshold, from the worker's handling sequence
 * (odd while a handler runs, bumped on entry and exit). Owned by the runtime's timer thread, which calls
 * {@link #check} periodically.
 */
final class StuckWatch {
    private final AtomicLong handlingSequence;
    private final long thresholdNanos;
    private long watchedSequence = -1;
    private long watchedSinceNanos;

    StuckWatch(AtomicLong handlingSequence, long thresholdNanos) {
        this.handlingSequence = handlingSequence;
        this.thresholdNanos = thresholdNanos;
    }

    /** {@code true} while the same handler invocation has run longer than the threshold. */
    boolean check(long nowNanos) {
        long seq = handlingSequence.get();
        if ((seq & 1) == 0 || seq != watchedSequence) {
            watchedSequence = seq;
            watchedSinceNanos = nowNanos;
            return false;
        }
        return nowNanos - watchedSinceNanos > thresholdNanos;
    }
}
