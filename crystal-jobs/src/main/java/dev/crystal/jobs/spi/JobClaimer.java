package dev.crystal.jobs.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Port: the worker hot path. One call applies a batch of outcomes and claims the next batch in the same
 * atomic write (a Redis store does both in one script on the queue's hash slot). Thread-safe.
 */
public interface JobClaimer {

    /**
     * Applies {@code outcomes} (ignoring those whose lock is gone), then, unless the queue is paused,
     * promotes due delayed jobs and claims up to {@code claim.max()} ready jobs.
     */
    CycleResult finishAndClaim(String queue, List<JobOutcome> outcomes, ClaimRequest claim);

    /**
     * Extends the locks of jobs still held with {@code lockToken}.
     *
     * @return the ids whose lock was no longer held (they stalled)
     */
    List<String> extendLocks(String queue, String lockToken, Collection<String> jobIds, Instant until);

    /**
     * Asks the store to run {@code wake} (on any thread; it only unparks) whenever a job of {@code queue} may have
     * become ready or delayed through another process sharing the store, until {@link #stopWaking}. In-process
     * changes wake workers without the store.
     *
     * @return the longest an idle worker may then wait before it claims again (nanoseconds; it still looks that
     *         often, for changes no wake-up announces), or {@code 0} when this store cannot wake workers and they
     *         look every {@code pollInterval} (the default)
     */
    default long wakeOnChange(String queue, Runnable wake) {
        return 0;
    }

    /** Ends the wake-ups {@link #wakeOnChange} registered for {@code wake}. */
    default void stopWaking(String queue, Runnable wake) {
    }
}
