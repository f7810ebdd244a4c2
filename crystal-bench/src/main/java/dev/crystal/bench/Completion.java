package dev.crystal.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts messages seen by the last consumer of a benchmark and lets the producer wait for a total.
 * Thread ownership: {@link #add} is called by one consumer thread; {@link #awaitAtLeast} by the producer.
 * The count sits in the middle of a 256-byte array so that the consumer's write on every message does not
 * share a cache line with objects the producer reads on every send (the benchmark state, the address), which
 * were allocated next to it; that false sharing was the benchmark's cost, not the code under test.
 */
public final class Completion {
    private static final int SLOT = 16;
    private final AtomicLongArray seen = new AtomicLongArray(2 * SLOT);

    /** Single-writer increment (ordered store, no read-modify-write). */
    public void add() {
        seen.lazySet(SLOT, seen.get(SLOT) + 1);
    }

    /** Thread-safe increment, for peers whose consumer may run on different threads. */
    public void addShared() {
        seen.incrementAndGet(SLOT);
    }

    public long seen() {
        return seen.get(SLOT);
    }

    /** Waits (spin, then yield) until at least {@code target} messages were seen. */
    public void awaitAtLeast(long target) {
        for (int i = 0; seen.get(SLOT) < target; i++) {
            if (i < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
