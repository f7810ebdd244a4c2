package dev.crystal.cluster;

import dev.crystal.runtime.spi.Lease;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lease whose answers the test scripts: {@code answer} holds what the lease service says next — an epoch (granted),
 * 0 (another holder has it) or -1 (unreachable: throws). Counts the asks. Thread ownership: one caller at a time
 * (as the SPI says); the test thread sets the answer.
 */
final class ScriptedLease implements Lease {
    private final AtomicLong answer;
    private final AtomicInteger asks = new AtomicInteger();
    private long epoch;

    ScriptedLease(AtomicLong answer) {
        this.answer = answer;
    }

    /** How many times the lease service was asked. */
    AtomicInteger asks() {
        return asks;
    }

    @Override
    public boolean tryHold() {
        return tryHold(0);
    }

    @Override
    public boolean tryHold(long floor) {
        asks.incrementAndGet();
        long next = answer.get();
        if (next < 0) {
            throw new IllegalStateException("Redis does not answer");
        }
        if (next > 0) {
            epoch = next;
        }
        return next > 0;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public String epochKey() {
        return "test:lease:{domain.notes}:epoch";
    }

    @Override
    public void close() {
    }
}
