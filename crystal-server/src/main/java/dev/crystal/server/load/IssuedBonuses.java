package dev.crystal.server.load;

import java.util.random.RandomGenerator;

/**
 * The bonuses a run has asked to issue, so that redemptions target real bonuses: a bounded ring of
 * the latest transaction ids. Thread ownership: the pacing thread alone (it issues and picks).
 */
final class IssuedBonuses {
    static final int CAPACITY = 1_000;
    private final String[] ids = new String[CAPACITY];
    private int size;
    private int next;

    void add(String transactionId) {
        ids[next] = transactionId;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    boolean isEmpty() {
        return size == 0;
    }

    String pick(RandomGenerator random) {
        if (size == 0) {
            throw new IllegalStateException("no bonus issued yet");
        }
        return ids[random.nextInt(size)];
    }
}
