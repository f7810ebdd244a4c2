package dev.crystal.runtime.internal;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the most recent dead letters in memory (bounded, oldest dropped first), by id.
 * Thread-safe: any worker or sender thread adds; any thread lists, replays or discards.
 */
final class DeadLetterStore {
    static final int MAX_KEPT = 10_000;

    private final ConcurrentSkipListMap<Long, DeadLetter> letters = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final InstantSource clock;
    private final String idPrefix;

    DeadLetterStore(InstantSource clock, String idPrefix) {
        this.clock = clock;
        this.idPrefix = idPrefix;
    }

    DeadLetter add(Envelope<?> envelope, String reason, String stackTrace) {
        long seq = sequence.incrementAndGet();
        DeadLetter letter = new DeadLetter(envelope, reason, stackTrace, clock.instant(), idPrefix + seq);
        letters.put(seq, letter);
        while (letters.size() > MAX_KEPT) {
            letters.pollFirstEntry();
        }
        return letter;
    }

    Optional<DeadLetter> find(String id) {
        Long seq = sequenceOf(id);
        return seq == null ? Optional.empty() : Optional.ofNullable(letters.get(seq));
    }

    boolean remove(String id) {
        Long seq = sequenceOf(id);
        return seq != null && letters.remove(seq) != null;
    }

    int size() {
        return letters.size();
    }

    List<DeadLetter> snapshot() {
        List<DeadLetter> result = new ArrayList<>(letters.size());
        for (Map.Entry<Long, DeadLetter> e : letters.entrySet()) {
            result.add(e.getValue());
        }
        return result;
    }

    private Long sequenceOf(String id) {
        if (id == null || !id.startsWith(idPrefix)) {
            return null;
        }
        try {
            return Long.parseLong(id.substring(idPrefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
