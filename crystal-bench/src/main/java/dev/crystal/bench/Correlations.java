package dev.crystal.bench;

/**
 * A ring of distinct correlation ids, so every Crystal message carries a different one than the last and
 * the runtime really writes the MDC per message. Owned by the producer thread.
 */
public final class Correlations {
    private final String[] ids = new String[64];
    private int next;

    public Correlations() {
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "corr-bench-" + i;
        }
    }

    public String next() {
        return ids[next++ & (ids.length - 1)];
    }
}
