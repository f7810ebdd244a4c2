package dev.crystal.runtime.internal;

import dev.crystal.runtime.IdleStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for work on a worker thread per its {@link IdleStrategy}. Owned by one worker thread.
 * The back-off variant spins for up to {@link #SPIN_NANOS}, then yields until {@link #YIELD_NANOS} of
 * idleness, then parks until a producer unparks the thread; the park has a safety timeout so a stop request
 * is never missed for long. The phases are timed, not counted, because a spin costs 9–140 ns depending on the
 * CPU. The yield window is empty by default: on a loaded 2-core machine a yield gave the core away for a whole
 * time slice (request/reply p99 of milliseconds), while a parked thread that a producer unparks is scheduled
 * again within tens of microseconds.
 */
final class IdleLoop {
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    static final long YIELD_NANOS = SPIN_NANOS;
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The spin phase reads the clock every 16th turn. */
    private static final int SPIN_CLOCK_MASK = 15;

    private final boolean spinOnly;
    private int idleTurns;
    private long idleSinceNanos;
    private boolean spinning;

    IdleLoop(IdleStrategy strategy) {
        this.spinOnly = strategy == IdleStrategy.SPIN;
    }

    /** Called when a loop turn found no work; returns whether the thread parked. */
    boolean idle(WorkerCell<?> cell) {
        if (spinOnly) {
            Thread.onSpinWait();
            return false;
        }
        int turn = idleTurns++;
        if (turn == 0) {
            idleSinceNanos = System.nanoTime();
            spinning = true;
        }
        if (spinning) {
            Thread.onSpinWait();
            if ((turn & SPIN_CLOCK_MASK) == SPIN_CLOCK_MASK && System.nanoTime() - idleSinceNanos >= SPIN_NANOS) {
                spinning = false;
            }
            return false;
        }
        if (System.nanoTime() - idleSinceNanos < YIELD_NANOS) {
            Thread.yield();
            return false;
        }
        cell.parkUntilWoken(MAX_PARK_NANOS);
        return true;
    }

    void reset() {
        idleTurns = 0;
    }
}
