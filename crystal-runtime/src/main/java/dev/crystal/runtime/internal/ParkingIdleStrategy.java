package dev.crystal.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spin briefly, then yield, then park until a producer unparks the thread (or a safety timeout
 * passes). Owned by one worker thread; not thread-safe.
 */
final class ParkingIdleStrategy {
    static final int SPINS = 200;
    static final int YIELDS = 20;
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private int idleTurns;

    /** Called when a loop turn found no work; {@code mayPark} is checked right before parking. */
    void idle(java.util.function.BooleanSupplier mayPark, Runnable beforePark, Runnable afterPark) {
        int turn = idleTurns++;
        if (turn < SPINS) {
            Thread.onSpinWait();
        } else if (turn < SPINS + YIELDS) {
            Thread.yield();
        } else {
            beforePark.run();
            try {
                if (mayPark.getAsBoolean()) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                }
            } finally {
                afterPark.run();
            }
        }
    }

    void reset() {
        idleTurns = 0;
    }
}
