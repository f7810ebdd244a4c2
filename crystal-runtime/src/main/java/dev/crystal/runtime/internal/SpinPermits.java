package dev.crystal.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of a runtime's idle workers may spin at once: one fewer than the cores (at least one). A spinning
 * worker holds a core to answer the next message within nanoseconds; with more spinners than spare cores they
 * take the cores from the threads that have work (on 2 cores, four subscribers spinning after each event left the
 * publisher a fraction of a core). Workers without a permit skip the spin and park at once.
 * Thread-safe: one atomic counter, touched when a worker starts or ends an idle spell, never per message.
 */
final class SpinPermits {
    private final int limit;
    private final AtomicInteger taken = new AtomicInteger();

    SpinPermits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** One fewer than the available processors, at least one. */
    static SpinPermits forThisMachine() {
        return new SpinPermits(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    boolean tryAcquire() {
        int now;
        do {
            now = taken.get();
            if (now >= limit) {
                return false;
            }
        } while (!taken.compareAndSet(now, now + 1));
        return true;
    }

    void release() {
        taken.decrementAndGet();
    }

    int limit() {
        return limit;
    }
}
