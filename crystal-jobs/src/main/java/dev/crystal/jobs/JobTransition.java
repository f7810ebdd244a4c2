package dev.crystal.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a job's history: a move between states (from is empty when the job was created).
 * Immutable.
 *
 * @param from   the previous state, {@code null} for the creation entry
 * @param to     the new state
 * @param at     when the move was committed
 * @param reason why (for example {@code added}, {@code claimed}, {@code retry 2/3: timeout}, {@code stalled})
 */
public record JobTransition(JobState from, JobState to, Instant at, String reason) {
    public JobTransition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
