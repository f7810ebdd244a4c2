package dev.crystal.bench;

/**
 * A ring of distinct correlation ids, so every Crystal message carries a different one than the last and
 * the runtime really writes the MDC per message (a ring of 1 shows the cost without MDC writes).
 * Owned by the producer thread.
 */
public final class Correlations {
    private final String[] ids;
    private int next;

    public Correlations() {
        this(64);
    }

    public Correlations(int distinct) {
        ids = new String[distinct];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "corr-bench-" + i;
        }
    }

    public String next() {
        String id = ids[next];
        next = next + 1 == ids.length ? 0 : next + 1;
        return id;
    }
}
