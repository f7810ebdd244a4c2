package dev.crystal.wire;

import java.util.List;
import java.util.Optional;

/**
 * Where the wire flags live so that every process of a deployment sees the same ones: a database table shared
 * by the nodes of a cluster, a file or table in the data directory of an embedded platform, or memory for
 * tests. {@link WireFlags} reads through it and changes it with {@link #compareAndSet}, so two processes
 * changing flags at the same moment never lose a change. Implementations are thread-safe.
 */
public interface WireFlagStore {

    /**
     * The flags as stored.
     *
     * @param version   grows by one on every committed change
     * @param flagsYaml the flags in the {@code wire: flags:} layout ({@link WireFlagsYaml#render})
     */
    record Stored(long version, String flagsYaml) {
    }

    /** The stored flags, or empty when nothing was stored yet. */
    Optional<Stored> load();

    /** The stored version, 0 when nothing was stored yet; cheap, because every process polls it. */
    long version();

    /**
     * Stores {@code flagsYaml} as version {@code expectedVersion + 1} and appends {@code changes} to the audit,
     * in one atomic step, if the stored version is still {@code expectedVersion}.
     *
     * @return {@code false} when another change came first (nothing was written)
     */
    boolean compareAndSet(long expectedVersion, String flagsYaml, List<FlagChange> changes);

    /** Every audited change, oldest first. */
    List<FlagChange> audit();

    /** A store in this process's memory (tests, tools): nothing is shared or kept. */
    static WireFlagStore inMemory() {
        return new InMemoryWireFlagStore();
    }
}
