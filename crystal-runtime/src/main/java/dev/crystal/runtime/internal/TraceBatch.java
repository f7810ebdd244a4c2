package dev.crystal.runtime.internal;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.Hop;
import dev.crystal.runtime.spi.HopTracer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * The traced hops of one worker batch, held until the batch's commit ({@code onBatchEnd}) so each hop can say how
 * long it waited for it; then handed to the {@link HopTracer}. Times are taken with {@code nanoTime} and turned into
 * epoch microseconds against one wall-clock reading per batch (only batches that trace anything read it).
 * Thread ownership: the worker cell's thread.
 */
final class TraceBatch {
    private static final Clock WALL = Clock.systemUTC();

    private Envelope<?>[] envelopes;
    private long[] started;
    private long[] finished;
    private Hop.Outcome[] outcomes;
    private int[] attempts;
    private int size;

    TraceBatch(int maxBatch) {
        int n = Math.max(1, Math.min(maxBatch, 1024));
        envelopes = new Envelope<?>[n];
        started = new long[n];
        finished = new long[n];
        outcomes = new Hop.Outcome[n];
        attempts = new int[n];
    }

    void add(Envelope<?> envelope, long startNanos, long endNanos, Hop.Outcome outcome, int attemptCount) {
        if (size == envelopes.length) {
            int n = size * 2;
            envelopes = Arrays.copyOf(envelopes, n);
            started = Arrays.copyOf(started, n);
            finished = Arrays.copyOf(finished, n);
            outcomes = Arrays.copyOf(outcomes, n);
            attempts = Arrays.copyOf(attempts, n);
        }
        envelopes[size] = envelope;
        started[size] = startNanos;
        finished[size] = endNanos;
        outcomes[size] = outcome;
        attempts[size] = attemptCount;
        size++;
    }

    /** The batch committed now: hands every held hop to {@code tracer} and forgets them. */
    void committed(HopTracer tracer, String worker) {
        if (size == 0) {
            return;
        }
        long nowNanos = System.nanoTime();
        Instant wall = WALL.instant();
        long nowMicros = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000;
        for (int i = 0; i < size; i++) {
            long startMicros = nowMicros - (nowNanos - started[i]) / 1_000;
            long endMicros = nowMicros - (nowNanos - finished[i]) / 1_000;
            tracer.record(new Hop(envelopes[i], worker, startMicros, endMicros, nowMicros, outcomes[i], attempts[i]));
            envelopes[i] = null;
        }
        size = 0;
    }
}
