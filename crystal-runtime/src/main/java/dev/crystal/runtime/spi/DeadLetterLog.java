package dev.crystal.runtime.spi;

import dev.crystal.runtime.DeadLetter;
import java.util.List;
import java.util.Optional;

/**
 * Where a runtime keeps its dead letters. The runtime assigns each letter its id and time, then appends it here;
 * operators list, show, replay and discard them through {@code WorkerRuntime}. There is one letter per message
 * and worker: the runtime finds it ({@link #findByMessage}) and {@link #update}s it when the message fails again
 * or is later handled (resolved).
 * Without one ({@code RuntimeConfig.deadLetterLog() == null}) dead letters are kept in memory and lost on
 * restart; a durable implementation (e.g. {@code JdbcDeadLetterLog} in crystal-store) keeps them across restarts.
 *
 * <p>Thread-safety: implementations are called from any thread (a sender whose message overflowed, a worker
 * whose handler failed, an operator's HTTP request) and must be safe for that.
 */
public interface DeadLetterLog {

    /** A log in memory keeping the newest 10,000 letters: what a runtime without a durable log uses. */
    static DeadLetterLog inMemory() {
        return new InMemoryDeadLetterLog();
    }

    /**
     * Stores {@code letter} before returning.
     *
     * @throws RuntimeException if it cannot be stored; the runtime then keeps it in memory and logs the failure
     */
    void append(DeadLetter letter);

    /** Every stored letter, oldest first. */
    List<DeadLetter> list();

    /** The letter with this id, if stored. */
    Optional<DeadLetter> find(String id);

    /** Removes the letter with this id; whether it was there. */
    boolean remove(String id);

    /** How many letters are stored. */
    int count();

    /**
     * Replaces the stored letter that has {@code letter.id()} (more attempts, a resolution), keeping its place;
     * whether one was there.
     */
    default boolean update(DeadLetter letter) {
        if (!remove(letter.id())) {
            return false;
        }
        append(letter);
        return true;
    }

    /** The letter (open or resolved) kept for message {@code messageId} at worker {@code worker}, if any. */
    default Optional<DeadLetter> findByMessage(String worker, String messageId) {
        return list().stream()
                .filter(d -> d.worker().equals(worker) && d.envelope().messageId().equals(messageId))
                .findFirst();
    }
}
