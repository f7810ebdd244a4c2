package dev.crystal.runtime.internal;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.DeadLetterLog;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's dead letters: one per message and worker. The first final failure of a message makes a letter
 * (id {@code dl_<runtime prefix>_<n>}, unique across restarts because the prefix is drawn per runtime); a later
 * failure of the same message at the same worker adds attempts to it; the message's later success (a replay, a
 * redelivery) resolves it. A letter the log cannot store (its database is down, its payload cannot be written)
 * is kept in memory instead and the failure is logged, so a dead letter is never dropped.
 *
 * <p>Thread-safety: any thread adds, resolves, lists and removes; changes to letters go through one lock
 * (dead letters are rare), and the open-letter index that a worker consults after each success is a concurrent
 * map read without the lock, so a worker without open letters pays one map lookup.
 */
final class DeadLetterStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final DeadLetterLog log;
    /** Letters the log refused; listed with the log's. */
    private final DeadLetterLog unsaved = DeadLetterLog.inMemory();
    private final AtomicLong sequence = new AtomicLong();
    private final InstantSource clock;
    private final String idPrefix;
    /** Open letters: worker → message id → letter id. */
    private final Map<String, Map<String, String>> open = new ConcurrentHashMap<>();
    /** Letter ids replayed and not yet resolved or failed again, so a resolution can say it was the replay. */
    private final Set<String> replaying = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();

    DeadLetterStore(DeadLetterLog log, InstantSource clock, String idPrefix) {
        this.log = log == null ? DeadLetterLog.inMemory() : log;
        this.clock = clock;
        this.idPrefix = idPrefix;
        try {
            for (DeadLetter letter : this.log.list()) {
                if (!letter.resolved()) {
                    index(letter);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("open dead letters could not be read at start; they resolve only by replay: {}", e.toString());
        }
    }

    /** Records a final failure of {@code envelope}, with the reason read from {@code reason}; one attempt. */
    DeadLetter add(Envelope<?> envelope, String reason, String error) {
        return add(envelope, DeadLetterReason.classify(reason), reason, error, 1);
    }

    /**
     * Records the final failure of {@code envelope} after {@code attempts} attempts: a new letter, or the
     * message's existing letter (at the same worker) with the attempts added and reopened if it was resolved.
     */
    DeadLetter add(Envelope<?> envelope, DeadLetterReason code, String reason, String error, int attempts) {
        lock.lock();
        try {
            Optional<DeadLetter> existing = existing(envelope.target(), envelope.messageId());
            DeadLetter letter;
            if (existing.isPresent()) {
                letter = existing.get().failedAgain(code, reason, error, clock.instant(), attempts);
                replaying.remove(letter.id());
                store(letter, true);
            } else {
                letter = new DeadLetter(envelope, reason, error, clock.instant(), idPrefix + sequence.incrementAndGet(),
                        code, attempts, null, null, null);
                store(letter, false);
            }
            index(letter);
            return letter;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The message {@code envelope} was handled by {@code worker}: resolves its open letter, if any. Called by a
     * worker's thread after every success, so the common case (no open letter at this worker) is one lookup.
     */
    void succeeded(String worker, Envelope<?> envelope) {
        Map<String, String> atWorker = open.get(worker);
        if (atWorker == null || atWorker.isEmpty()) {
            return;
        }
        String letterId = atWorker.get(envelope.messageId());
        if (letterId == null) {
            return;
        }
        lock.lock();
        try {
            find(letterId).filter(d -> !d.resolved()).ifPresent(letter -> {
                String how = replaying.remove(letterId) ? DeadLetter.RESOLVED_BY_REPLAY
                        : DeadLetter.RESOLVED_BY_LATER_SUCCESS;
                store(letter.resolve(clock.instant(), how), true);
            });
            atWorker.remove(envelope.messageId(), letterId);
        } finally {
            lock.unlock();
        }
    }

    /** Resolves the open letter {@code id}, saying {@code how}; whether one was open. */
    boolean resolve(String id, String how) {
        lock.lock();
        try {
            Optional<DeadLetter> letter = find(id).filter(d -> !d.resolved());
            if (letter.isEmpty()) {
                return false;
            }
            DeadLetter resolved = letter.get().resolve(clock.instant(), how);
            store(resolved, true);
            index(resolved);
            replaying.remove(id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether this runtime knows of an open letter (its own, or one found in the log at start). */
    boolean hasOpen() {
        for (Map<String, String> atWorker : open.values()) {
            if (!atWorker.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Notes that letter {@code id} was replayed, so its resolution says so. */
    void replaying(String id) {
        replaying.add(id);
    }

    private Optional<DeadLetter> existing(String worker, String messageId) {
        Optional<DeadLetter> kept = unsaved.findByMessage(worker, messageId);
        if (kept.isPresent()) {
            return kept;
        }
        try {
            return log.findByMessage(worker, messageId);
        } catch (RuntimeException e) {
            LOG.warn("dead letters could not be searched for message {} at {}: {}", messageId, worker, e.toString());
            return Optional.empty();
        }
    }

    private void store(DeadLetter letter, boolean replace) {
        try {
            if (replace && unsaved.update(letter)) {
                return;
            }
            if (!replace || !log.update(letter)) {
                log.append(letter);
            }
        } catch (RuntimeException e) {
            Envelope<?> envelope = letter.envelope();
            LOG.error("dead letter {} ({} {} to {}: {}) could not be stored, kept in memory until restart: {}",
                    letter.id(), envelope.type(), envelope.messageId(), envelope.target(), letter.reason(),
                    e.toString());
            if (!unsaved.update(letter)) {
                unsaved.append(letter);
            }
        }
    }

    private void index(DeadLetter letter) {
        Map<String, String> atWorker = open.computeIfAbsent(letter.worker(), w -> new ConcurrentHashMap<>());
        if (letter.resolved()) {
            atWorker.remove(letter.envelope().messageId(), letter.id());
        } else {
            atWorker.put(letter.envelope().messageId(), letter.id());
        }
    }

    Optional<DeadLetter> find(String id) {
        Optional<DeadLetter> kept = unsaved.find(id);
        return kept.isPresent() ? kept : log.find(id);
    }

    boolean remove(String id) {
        lock.lock();
        try {
            Optional<DeadLetter> letter = find(id);
            letter.ifPresent(d -> {
                Map<String, String> atWorker = open.get(d.worker());
                if (atWorker != null) {
                    atWorker.remove(d.envelope().messageId(), d.id());
                }
            });
            replaying.remove(id);
            return unsaved.remove(id) || log.remove(id);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return log.count() + unsaved.count();
    }

    List<DeadLetter> snapshot() {
        List<DeadLetter> stored = log.list();
        List<DeadLetter> kept = unsaved.list();
        if (kept.isEmpty()) {
            return stored;
        }
        List<DeadLetter> all = new ArrayList<>(stored.size() + kept.size());
        all.addAll(stored);
        all.addAll(kept);
        all.sort((a, b) -> a.firstFailedAt().compareTo(b.firstFailedAt()));
        return all;
    }
}
