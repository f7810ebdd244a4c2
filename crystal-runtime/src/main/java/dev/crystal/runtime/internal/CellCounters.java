package dev.crystal.runtime.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one cell has done, as health and the meters report it. Thread ownership: {@link #processed} and
 * {@link #errors} are written only by the cell's current thread (lazily, one writer); {@link #rejected} and
 * {@link #deadLettered} by whichever thread refuses or dead-letters a message; {@link #restarts} by the crashing
 * thread; any thread reads them.
 */
final class CellCounters {
    final AtomicLong processed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong restarts = new AtomicLong();

    /** Counts one success; single writer (the cell's thread), so a lazy set is enough. */
    void processedOne() {
        processed.lazySet(processed.get() + 1);
    }

    /** Counts one handler or callback failure; single writer (the cell's thread). */
    void errorOne() {
        errors.lazySet(errors.get() + 1);
    }
}
