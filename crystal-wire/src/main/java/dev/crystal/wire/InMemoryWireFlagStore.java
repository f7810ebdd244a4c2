package dev.crystal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** {@link WireFlagStore} in memory, keeping the last {@value WireFlags#AUDIT_LIMIT} changes. Thread-safe: one atomic reference to an immutable state. */
final class InMemoryWireFlagStore implements WireFlagStore {
    private record State(Stored stored, List<FlagChange> audit) {
    }

    private final AtomicReference<State> state;

    /** An empty store. */
    InMemoryWireFlagStore() {
        state = new AtomicReference<>(new State(null, List.of()));
    }

    /** A store already holding {@code flagsYaml} at {@code version}, with no audit. */
    InMemoryWireFlagStore(long version, String flagsYaml) {
        state = new AtomicReference<>(new State(new Stored(version, flagsYaml), List.of()));
    }

    @Override
    public Optional<Stored> load() {
        return Optional.ofNullable(state.get().stored());
    }

    @Override
    public long version() {
        Stored stored = state.get().stored();
        return stored == null ? 0 : stored.version();
    }

    @Override
    public boolean compareAndSet(long expectedVersion, String flagsYaml, List<FlagChange> changes) {
        State before = state.get();
        long current = before.stored() == null ? 0 : before.stored().version();
        if (current != expectedVersion) {
            return false;
        }
        List<FlagChange> audit = new ArrayList<>(before.audit().size() + changes.size());
        audit.addAll(before.audit());
        audit.addAll(changes);
        if (audit.size() > WireFlags.AUDIT_LIMIT) {
            audit = audit.subList(audit.size() - WireFlags.AUDIT_LIMIT, audit.size());
        }
        return state.compareAndSet(before, new State(new Stored(expectedVersion + 1, flagsYaml), List.copyOf(audit)));
    }

    @Override
    public List<FlagChange> audit() {
        return state.get().audit();
    }
}
