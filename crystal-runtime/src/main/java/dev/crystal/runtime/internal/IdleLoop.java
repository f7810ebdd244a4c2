package dev.crystal.runtime.internal;

import dev.crystal.runtime.IdleStrategy;
import java.util.concurrent.TimeUnit;

/**
 * Waits for work on a worker thread per its {@link IdleStrategy}. Owned by one worker thread.
 * The back-off variant spins for up to {@link #SPIN_NANOS}, then yields until {@link #YIELD_NANOS} of
 * idleness, then parks until a producer unparks the thread; the park has a safety timeout so a stop request
 * is never missed for long. The phases are timed, not counted, because a spin costs 9–140 ns depending on the
 * CPU. The yield window is empty by default: on a loaded 2-core machine a yield gave the core away for a whole
 * time slice (request/reply p99 of milliseconds), while a parked thread that a producer unparks is scheduled
 * again within tens of microseconds. Only a worker holding one of the runtime's {@link SpinPermits} (one fewer
 * than the cores) spins; the others yield for the spin window instead (handing the core to whoever has work, such
 * as the publisher feeding them) and then park, so idle spinners never outnumber the spare cores.
 */
final class IdleLoop {
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    static final long YIELD_NANOS = SPIN_NANOS;
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The spin phase reads the clock every 16th turn. */
    private static final int SPIN_CLOCK_MASK = 15;

    private final boolean spinOnly;
    private final SpinPermits permits;
    private int idleTurns;
    private long idleSinceNanos;
    /** In the spin phase, holding one of {@link #permits}. */
    private boolean spinning;

    IdleLoop(IdleStrategy strategy, SpinPermits permits) {
        this.spinOnly = strategy == IdleStrategy.SPIN;
        this.permits = permits;
    }

    /** Called when a loop turn found no work; returns whether the thread parked. */
    boolean idle(CellAgent<?> agent) {
        if (spinOnly) {
            Thread.onSpinWait();
            return false;
        }
        int turn = idleTurns++;
        if (turn == 0) {
            idleSinceNanos = System.nanoTime();
            spinning = permits.tryAcquire();
        }
        if (spinning) {
            Thread.onSpinWait();
            if ((turn & SPIN_CLOCK_MASK) == SPIN_CLOCK_MASK && System.nanoTime() - idleSinceNanos >= SPIN_NANOS) {
                endSpin();
            }
            return false;
        }
        if (System.nanoTime() - idleSinceNanos < YIELD_NANOS) {
            Thread.yield();
            return false;
        }
        agent.parkUntilWoken(MAX_PARK_NANOS);
        return true;
    }

    /** Work arrived (or the thread stops): the next idle spell starts with a spin again. */
    void reset() {
        idleTurns = 0;
        endSpin();
    }

    private void endSpin() {
        if (spinning) {
            spinning = false;
            permits.release();
        }
    }
}
