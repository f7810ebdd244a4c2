package dev.crystal.runtime.spi;

import dev.crystal.runtime.DeadLetter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Dead letters in memory, the newest {@value #MAX_KEPT}: the log of a runtime configured without a durable one,
 * and the fallback while a durable one fails ({@link DeadLetterLog#inMemory()}). Thread-safe (concurrent collections; any thread appends, lists
 * and removes).
 */
final class InMemoryDeadLetterLog implements DeadLetterLog {
    static final int MAX_KEPT = 10_000;

    private final ConcurrentHashMap<String, DeadLetter> byId = new ConcurrentHashMap<>();
    /** Ids in arrival order; an id whose letter was removed is skipped when met. */
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

    @Override
    public void append(DeadLetter letter) {
        byId.put(letter.id(), letter);
        order.add(letter.id());
        while (byId.size() > MAX_KEPT) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            byId.remove(oldest);
        }
    }

    @Override
    public List<DeadLetter> list() {
        List<DeadLetter> result = new ArrayList<>(byId.size());
        for (String id : order) {
            DeadLetter letter = byId.get(id);
            if (letter != null) {
                result.add(letter);
            }
        }
        // Oldest first by first failure, as the SPI promises and the JDBC log does (a letter can arrive after a
        // younger one; failing again keeps a letter's place), then by id.
        result.sort(Comparator.comparing(DeadLetter::firstFailedAt).thenComparing(DeadLetter::id));
        return result;
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean remove(String id) {
        if (id == null || byId.remove(id) == null) {
            return false;
        }
        order.remove(id);
        return true;
    }

    @Override
    public boolean update(DeadLetter letter) {
        return byId.replace(letter.id(), letter) != null;
    }

    @Override
    public int count() {
        return byId.size();
    }
}
