package dev.crystal.jobs.spi;

import java.time.Instant;
import java.util.List;

/**
 * The result of one worker cycle: outcomes applied, jobs claimed. Immutable.
 *
 * @param finished       one result per outcome, in order
 * @param claimed        jobs now held, in run order
 * @param nextDelayedAt  the earliest run time of a delayed job of the queue, or {@code null}
 * @param paused         whether the queue is paused (then nothing was claimed)
 */
public record CycleResult(List<FinishResult> finished, List<ClaimedJob> claimed, Instant nextDelayedAt,
                          boolean paused) {
    public CycleResult {
        finished = List.copyOf(finished);
        claimed = List.copyOf(claimed);
    }
}
