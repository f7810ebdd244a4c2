package dev.crystal.store;

/**
 * What a commit of a database survives. Money and every domain's state are {@link #FULL}; diagnostics that can be
 * lost without harm (the trace log) may be {@link #RELAXED} and cost less CPU and no fsync per commit. Immutable.
 */
public enum Durability {
    /**
     * A committed transaction survives a power loss: SQLite {@code synchronous=FULL} (the WAL is synced on every
     * commit), PostgreSQL {@code synchronous_commit=on}.
     */
    FULL,
    /**
     * A committed transaction survives a crash of the process; a power loss may lose the last ones, never corrupt
     * the file: SQLite {@code synchronous=NORMAL} in WAL mode (synced at checkpoints only), PostgreSQL
     * {@code synchronous_commit=off}.
     */
    RELAXED
}
