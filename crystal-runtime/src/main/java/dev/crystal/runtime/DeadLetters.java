package dev.crystal.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The dead letters of one runtime: messages no worker could handle (a handler kept failing, a full mailbox under
 * {@link OverflowPolicy#DEAD_LETTER}, a passed time-to-live, a failed worker), kept in the runtime's
 * {@link dev.crystal.runtime.spi.DeadLetterLog} until the message succeeds later (a replay, a redelivery) or an
 * operator resolves or discards the letter. Get it from {@link WorkerRuntime#deadLetters()}.
 * Thread-safe: any thread may read and act on the letters.
 */
public interface DeadLetters {

    /** Open dead letters (not yet resolved by a later success), oldest first. */
    List<DeadLetter> open();

    /** Every kept dead letter, open and resolved, oldest first. */
    List<DeadLetter> all();

    /** The dead letter with this id (open or resolved), if it is still kept. */
    Optional<DeadLetter> find(String id);

    /** Whether any dead letter is open; cheap (no store read) so a hot path may ask before looking further. */
    boolean hasOpen();

    /**
     * Sends the open dead letter {@code id} again to its original target, with its original message id,
     * correlation and causation. The letter stays open until its target handles the message, then it is resolved
     * ({@link DeadLetter#RESOLVED_BY_REPLAY}); if the message fails again its letter counts the attempts.
     *
     * @return what the target's mailbox did, or empty when no open dead letter has that id
     */
    Optional<Delivery> replay(String id);

    /** Replays every open dead letter that matches {@code filter}; returns how many were accepted. */
    int replayMatching(Predicate<DeadLetter> filter);

    /**
     * Marks the open dead letter {@code id} resolved, saying {@code how} (its work completed another way, e.g. the
     * same settlement succeeded under a new message); {@code false} if no open letter has that id.
     */
    boolean resolve(String id, String how);

    /** Forgets the dead letter {@code id} (open or resolved); {@code false} if none had that id. */
    boolean discard(String id);

    /** Forgets every kept dead letter (open or resolved) that matches {@code filter}; returns how many. */
    int discardMatching(Predicate<DeadLetter> filter);
}
