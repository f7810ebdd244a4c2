package dev.crystal.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Callers waiting for the same outcome, by key: a worker that must ask another worker before it
 * can answer keeps each request's {@link ReplyHandle} here, and answers them all at once when the
 * outcome is known (a re-sent request simply joins the list). Thread ownership: the owning
 * worker's thread only; not thread-safe.
 *
 * @param <K> what callers wait for (e.g. a settlement id)
 * @param <R> the answer type
 */
public final class ReplyWaitlist<K, R> {
    private final Map<K, List<ReplyHandle<R>>> waiting = new HashMap<>();

    /** Adds a caller waiting for {@code key}. */
    public void await(K key, ReplyHandle<R> handle) {
        waiting.computeIfAbsent(key, k -> new ArrayList<>(1)).add(handle);
    }

    /** Answers every caller waiting for {@code key} with {@code answer}; returns how many there were. */
    public int answer(K key, R answer) {
        List<ReplyHandle<R>> callers = waiting.remove(key);
        if (callers == null) {
            return 0;
        }
        callers.forEach(h -> h.succeed(answer));
        return callers.size();
    }

    /**
     * Answers every caller waiting for {@code key} at once, without waiting for the worker's own commit
     * ({@link ReplyHandle#succeedDurable}): only for an answer that is already durable where it comes from.
     */
    public int answerDurable(K key, R answer) {
        List<ReplyHandle<R>> callers = waiting.remove(key);
        if (callers == null) {
            return 0;
        }
        callers.forEach(h -> h.succeedDurable(answer));
        return callers.size();
    }

    /** How many keys have callers waiting. */
    public int size() {
        return waiting.size();
    }
}
