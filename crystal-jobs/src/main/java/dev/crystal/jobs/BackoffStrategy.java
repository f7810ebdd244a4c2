package dev.crystal.jobs;

import java.time.Duration;

/**
 * A worker-side custom backoff: the delay before the next attempt. Called on the thread that ran the
 * failed attempt; must be stateless or thread-safe.
 */
@FunctionalInterface
public interface BackoffStrategy {
    /**
     * @param attemptsMade attempts finished so far, including the one that just failed (1 after the first failure)
     * @param error        what the processor threw
     * @return the delay before the next attempt; zero or negative means at once
     */
    Duration delay(int attemptsMade, Throwable error);
}
