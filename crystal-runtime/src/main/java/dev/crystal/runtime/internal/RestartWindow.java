package dev.crystal.runtime.internal;

import dev.crystal.runtime.RestartPolicy;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Restart intensity of one worker: the restarts inside the policy's sliding window, and the back-off
 * before the next one. Used only by the crashing worker thread; the next thread starts after the timer hands
 * over, so successive users are ordered.
 */
final class RestartWindow {
    private final RestartPolicy policy;
    private final ArrayDeque<Long> recentNanos = new ArrayDeque<>();

    RestartWindow(RestartPolicy policy) {
        this.policy = policy;
    }

    /**
     * Records a crash at {@code nowNanos}: returns the back-off before the restart, or {@code null} when the
     * window already holds {@link RestartPolicy#maxRestarts()} restarts and the worker must fail.
     */
    Duration nextBackoff(long nowNanos) {
        while (!recentNanos.isEmpty() && nowNanos - recentNanos.peekFirst() > policy.window().toNanos()) {
            recentNanos.pollFirst();
        }
        if (recentNanos.size() >= policy.maxRestarts()) {
            return null;
        }
        recentNanos.addLast(nowNanos);
        return policy.backoffBefore(recentNanos.size());
    }

    int restartsInWindow() {
        return recentNanos.size();
    }
}
