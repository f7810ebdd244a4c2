package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The silences known to this process, newest first, as an immutable list swapped atomically: any thread may read or
 * change it (the HTTP routes change it, the evaluator reads it every interval). Persisting them is the caller's
 * work ({@link OpsStore}).
 */
public final class Silences {
    /** Expired silences stay listed this long. */
    public static final Duration EXPIRED_RETENTION = Duration.ofDays(7);
    private final AtomicReference<List<Silence>> all = new AtomicReference<>(List.of());

    /** Replaces every silence (at start, from the store). */
    public void load(List<Silence> silences) {
        all.set(sorted(silences));
    }

    /** Adds or replaces (by id) one silence. */
    public void put(Silence silence) {
        all.updateAndGet(list -> {
            List<Silence> next = new ArrayList<>(list.stream().filter(s -> !s.id().equals(silence.id())).toList());
            next.add(silence);
            return sorted(next);
        });
    }

    /** Every silence, newest first. */
    public List<Silence> all() {
        return all.get();
    }

    public Optional<Silence> find(String id) {
        return all.get().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The silence that matches {@code alert} at {@code now}, if any (the one lasting longest). */
    public Optional<Silence> matching(Alert alert, Instant now) {
        return all.get().stream().filter(s -> s.activeAt(now) && s.matches(alert))
                .max(Comparator.comparing(Silence::endsAt));
    }

    /** Forgets silences that ended before {@code before}. */
    public void forgetEndedBefore(Instant before) {
        all.updateAndGet(list -> list.stream().filter(s -> !s.endsAt().isBefore(before)).toList());
    }

    private static List<Silence> sorted(List<Silence> silences) {
        return silences.stream().sorted(Comparator.comparing(Silence::startsAt).reversed()
                .thenComparing(Silence::id)).toList();
    }
}
