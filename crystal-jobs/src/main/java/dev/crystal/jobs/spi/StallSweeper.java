package dev.crystal.jobs.spi;

import java.time.Instant;
import java.util.List;

/**
 * Port: recovers active jobs whose lock expired (their worker died or hung). Thread-safe.
 */
public interface StallSweeper {
    /**
     * Moves every active job with a lock older than {@code now} back to ready, or to failed when it has
     * stalled more than {@code maxStalledCount} times, in one atomic write.
     */
    List<StalledJob> recoverStalled(Instant now, int maxStalledCount);
}
