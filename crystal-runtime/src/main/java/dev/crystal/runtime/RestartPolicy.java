package dev.crystal.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a crashed worker thread (a failing {@code onStart}/{@code onBatchEnd}, or an {@link Error} from a
 * handler) is restarted: after an exponentially growing back-off, at most {@code maxRestarts} times
 * within {@code window}; one more crash inside the window marks the worker FAILED.
 *
 * @param maxRestarts    restart intensity: restarts allowed within {@code window}
 * @param window         the sliding window the intensity is counted over
 * @param initialBackoff wait before the first restart in a window
 * @param maxBackoff     longest wait before a restart
 */
public record RestartPolicy(int maxRestarts, Duration window, Duration initialBackoff, Duration maxBackoff) {

    public static final RestartPolicy DEFAULT =
            new RestartPolicy(5, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(10));

    public RestartPolicy {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative");
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Back-off before the {@code n}-th restart inside the window (1-based). */
    public Duration backoffBefore(int n) {
        long nanos = initialBackoff.toNanos() << Math.min(Math.max(n - 1, 0), 30);
        return nanos < 0 || nanos > maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos(nanos);
    }
}
