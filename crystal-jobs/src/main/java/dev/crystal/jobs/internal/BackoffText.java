package dev.crystal.jobs.internal;

import dev.crystal.jobs.Backoff;
import dev.crystal.jobs.BackoffStrategy;
import java.time.Duration;
import java.util.Map;

/**
 * The stored text form of a {@link Backoff} ({@code fixed:ms}, {@code exponential:ms}, {@code custom:type}) and
 * the delay it gives after a failure. Stateless.
 */
final class BackoffText {
    private static final long MAX_DELAY_MILLIS = Duration.ofDays(365).toMillis();

    private BackoffText() {
    }

    static String encode(Backoff backoff) {
        return switch (backoff) {
            case Backoff.Fixed fixed -> "fixed:" + fixed.delay().toMillis();
            case Backoff.Exponential exponential -> "exponential:" + exponential.base().toMillis();
            case Backoff.Custom custom -> "custom:" + custom.type();
        };
    }

    /**
     * The delay before the next attempt.
     *
     * @throws IllegalStateException if a custom strategy is not registered on the worker
     */
    static Duration delay(String code, int attemptsMade, Throwable error, Map<String, BackoffStrategy> strategies) {
        int colon = code.indexOf(':');
        String kind = code.substring(0, colon);
        String value = code.substring(colon + 1);
        return switch (kind) {
            case "fixed" -> Duration.ofMillis(Long.parseLong(value));
            case "exponential" -> {
                long base = Long.parseLong(value);
                int shift = Math.min(Math.max(attemptsMade - 1, 0), 40);
                long millis = base > (MAX_DELAY_MILLIS >> shift) ? MAX_DELAY_MILLIS : base << shift;
                yield Duration.ofMillis(millis);
            }
            case "custom" -> {
                BackoffStrategy strategy = strategies.get(value);
                if (strategy == null) {
                    throw new IllegalStateException("no backoff strategy '" + value + "' registered on the worker");
                }
                Duration delay = strategy.delay(attemptsMade, error);
                yield delay == null || delay.isNegative() ? Duration.ZERO : delay;
            }
            default -> throw new IllegalStateException("unknown stored backoff '" + code + "'");
        };
    }
}
