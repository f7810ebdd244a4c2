package dev.crystal.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts messages seen by the last consumer of a benchmark and lets the producer wait for a total.
 * Thread ownership: {@link #add} is called by one consumer thread; {@link #awaitAtLeast} by the producer.
 */
public final class Completion {
    private final AtomicLong seen = new AtomicLong();

    /** Single-writer increment (ordered store, no read-modify-write). */
    public void add() {
        seen.lazySet(seen.get() + 1);
    }

    /** Thread-safe increment, for peers whose consumer may run on different threads. */
    public void addShared() {
        seen.incrementAndGet();
    }

    public long seen() {
        return seen.get();
    }

    /** Waits (spin, then yield) until at least {@code target} messages were seen. */
    public void awaitAtLeast(long target) {
        for (int i = 0; seen.get() < target; i++) {
            if (i < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
