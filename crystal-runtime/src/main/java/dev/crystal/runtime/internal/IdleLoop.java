package dev.crystal.runtime.internal;

import dev.crystal.runtime.IdleStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for work on a worker thread per its {@link IdleStrategy}. Owned by one worker thread.
 * The back-off variant spins, then yields, then parks until a producer unparks the thread; the park has
 * a safety timeout so a stop request is never missed for long.
 */
final class IdleLoop {
    static final int SPINS = 1_000;
    static final int YIELDS = 100;
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final boolean spinOnly;
    private int idleTurns;

    IdleLoop(IdleStrategy strategy) {
        this.spinOnly = strategy == IdleStrategy.SPIN;
    }

    /** Called when a loop turn found no work. */
    void idle(WorkerCell<?> cell) {
        if (spinOnly) {
            Thread.onSpinWait();
            return;
        }
        int turn = idleTurns++;
        if (turn < SPINS) {
            Thread.onSpinWait();
        } else if (turn < SPINS + YIELDS) {
            Thread.yield();
        } else {
            cell.parkUntilWoken(MAX_PARK_NANOS);
        }
    }

    void reset() {
        idleTurns = 0;
    }
}
