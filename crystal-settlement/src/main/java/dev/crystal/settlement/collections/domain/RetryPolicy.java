package dev.crystal.settlement.collections.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed collection is tried again: after {@code firstDelay}, doubling each time, at most
 * {@code maxRetries} times. Immutable.
 */
public record RetryPolicy(int maxRetries, Duration firstDelay) {

    /** The seed's example waits 5 minutes before the next try. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMinutes(5));
    public static final RetryPolicy NEVER = new RetryPolicy(0, Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        Objects.requireNonNull(firstDelay, "firstDelay");
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("firstDelay must be positive");
        }
    }

    /** When to try again after {@code retriesSoFar} retries have failed, or empty when none is left. */
    public Optional<Instant> nextAttempt(int retriesSoFar, Instant failedAt) {
        if (retriesSoFar >= maxRetries) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(firstDelay.multipliedBy(1L << Math.min(retriesSoFar, 20))));
    }
}
