package dev.crystal.runtime.internal;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the most recent dead letters in memory (bounded). Thread-safe: any worker thread adds.
 */
final class DeadLetterStore {
    static final int MAX_KEPT = 10_000;

    private final ConcurrentLinkedDeque<DeadLetter> letters = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final InstantSource clock;

    DeadLetterStore(InstantSource clock) {
        this.clock = clock;
    }

    void add(Envelope<?> envelope, String reason, String stackTrace) {
        letters.addLast(new DeadLetter(envelope, reason, stackTrace, clock.instant()));
        if (size.incrementAndGet() > MAX_KEPT && letters.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    List<DeadLetter> snapshot() {
        return new ArrayList<>(letters);
    }
}
