package dev.crystal.runtime.internal;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetters;
import dev.crystal.runtime.Delivery;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@link DeadLetters} view of a runtime: reads and changes go to its {@link DeadLetterStore}; a replay offers the
 * original envelope again through the runtime (same message id, so an inbox can still de-duplicate it).
 * Thread-safe: stateless over the store, which is thread-safe.
 */
final class RuntimeDeadLetters implements DeadLetters {
    private final DeadLetterStore store;
    private final Function<DeadLetter, Delivery> redeliver;

    RuntimeDeadLetters(DeadLetterStore store, Function<DeadLetter, Delivery> redeliver) {
        this.store = store;
        this.redeliver = redeliver;
    }

    @Override
    public List<DeadLetter> open() {
        return store.snapshot().stream().filter(d -> !d.resolved()).toList();
    }

    @Override
    public List<DeadLetter> all() {
        return store.snapshot();
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        return store.find(id);
    }

    @Override
    public boolean hasOpen() {
        return store.hasOpen();
    }

    @Override
    public Optional<Delivery> replay(String id) {
        Optional<DeadLetter> letter = store.find(id).filter(d -> !d.resolved());
        if (letter.isEmpty()) {
            return Optional.empty();
        }
        store.replaying(id);
        return Optional.of(redeliver.apply(letter.get()));
    }

    @Override
    public int replayMatching(Predicate<DeadLetter> filter) {
        int accepted = 0;
        for (DeadLetter letter : open()) {
            if (filter.test(letter) && replay(letter.id()).map(Delivery::accepted).orElse(false)) {
                accepted++;
            }
        }
        return accepted;
    }

    @Override
    public boolean resolve(String id, String how) {
        return store.resolve(id, how);
    }

    @Override
    public boolean discard(String id) {
        return store.remove(id);
    }

    @Override
    public int discardMatching(Predicate<DeadLetter> filter) {
        int discarded = 0;
        for (DeadLetter letter : all()) {
            if (filter.test(letter) && discard(letter.id())) {
                discarded++;
            }
        }
        return discarded;
    }
}
