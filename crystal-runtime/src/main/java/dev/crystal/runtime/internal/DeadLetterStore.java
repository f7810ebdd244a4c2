package dev.crystal.runtime.internal;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.DeadLetterLog;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's dead letters: gives each its id ({@code dl_<runtime prefix>_<n>}, unique across restarts because
 * the prefix is drawn per runtime) and time, and appends it to the configured {@link DeadLetterLog}. A letter the
 * log cannot store (its database is down, its payload cannot be written) is kept in memory instead and the
 * failure is logged, so a dead letter is never dropped. Thread-safe: any thread adds, lists and removes.
 */
final class DeadLetterStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final DeadLetterLog log;
    /** Letters the log refused; listed with the log's. */
    private final InMemoryDeadLetterLog unsaved = new InMemoryDeadLetterLog();
    private final AtomicLong sequence = new AtomicLong();
    private final InstantSource clock;
    private final String idPrefix;

    DeadLetterStore(DeadLetterLog log, InstantSource clock, String idPrefix) {
        this.log = log == null ? new InMemoryDeadLetterLog() : log;
        this.clock = clock;
        this.idPrefix = idPrefix;
    }

    DeadLetter add(Envelope<?> envelope, String reason, String stackTrace) {
        DeadLetter letter = new DeadLetter(envelope, reason, stackTrace, clock.instant(),
                idPrefix + sequence.incrementAndGet());
        try {
            log.append(letter);
        } catch (RuntimeException e) {
            LOG.error("dead letter {} ({} {} to {}: {}) could not be stored, kept in memory until restart: {}",
                    letter.id(), envelope.type(), envelope.messageId(), envelope.target(), reason, e.toString());
            unsaved.append(letter);
        }
        return letter;
    }

    Optional<DeadLetter> find(String id) {
        Optional<DeadLetter> kept = unsaved.find(id);
        return kept.isPresent() ? kept : log.find(id);
    }

    boolean remove(String id) {
        return unsaved.remove(id) || log.remove(id);
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
        all.sort((a, b) -> a.at().compareTo(b.at()));
        return all;
    }
}
