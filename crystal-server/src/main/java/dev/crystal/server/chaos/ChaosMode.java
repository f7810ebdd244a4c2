package dev.crystal.server.chaos;

import java.util.Locale;

/** What {@code crystal chaos} runs its faults against. Immutable. */
public enum ChaosMode {
    /** One embedded {@code crystal serve} process on a fresh data directory (SQLite files). */
    EMBEDDED,
    /** Three {@code crystal serve --config} nodes running every domain, on their own Redis and PostgreSQL schemas. */
    CLUSTER;

    /** {@code embedded} or {@code cluster}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
