package dev.crystal.runtime.internal;

import dev.crystal.runtime.Breaker;
import dev.crystal.runtime.BreakerOptions;
import dev.crystal.runtime.BreakerState;
import dev.crystal.runtime.BreakerTransition;
import dev.crystal.runtime.CallOutcome;
import dev.crystal.runtime.Guard;
import dev.crystal.runtime.RateLimitOptions;
import dev.crystal.runtime.RetryOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The runtime's circuit breakers, rate limiters and retries (Resilience4j), by worker and name. Every breaker is
 * published to the runtime's meter registry as {@code resilience4j.circuitbreaker.*{name="<worker>/<name>"}}.
 * Thread-safe: created on first use from any worker thread; Resilience4j objects are thread-safe.
 */
final class ResilienceGuards {
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Guard> limiters = new ConcurrentHashMap<>();
    private final Map<String, Guard> retries = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakerRegistry = CircuitBreakerRegistry.ofDefaults();
    private final Consumer<BreakerTransition> transitions;
    private final InstantSource clock;

    ResilienceGuards(InstantSource clock, MeterRegistry meters, Consumer<BreakerTransition> transitions) {
        this.clock = clock;
        this.transitions = transitions;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakerRegistry).bindTo(meters);
    }

    Breaker breaker(String worker, String name, BreakerOptions options) {
        return breakers.computeIfAbsent(worker + "/" + name, key -> {
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .failureRateThreshold(options.failureRateThreshold())
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(options.windowSize())
                    .minimumNumberOfCalls(options.minimumCalls())
                    .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(options.openWait(),
                            options.openWaitMultiplier(), options.maxOpenWait()))
                    .permittedNumberOfCallsInHalfOpenState(options.halfOpenTrials())
                    .build();
            CircuitBreaker breaker = breakerRegistry.circuitBreaker(key, config);
            breaker.getEventPublisher().onStateTransition(event -> transitions.accept(new BreakerTransition(worker,
                    name, stateOf(event.getStateTransition().getFromState()),
                    stateOf(event.getStateTransition().getToState()), clock.instant())));
            return new ResilienceBreaker(name, breaker);
        });
    }

    Guard rateLimiter(String worker, String name, RateLimitOptions options) {
        return limiters.computeIfAbsent(worker + "/" + name, key -> new LimiterGuard(name, RateLimiter.of(key,
                RateLimiterConfig.custom().limitForPeriod(options.permits())
                        .limitRefreshPeriod(options.period()).timeoutDuration(options.maxWait()).build())));
    }

    Guard retry(String worker, String name, RetryOptions options) {
        return retries.computeIfAbsent(worker + "/" + name, key -> new RetryGuard(name, Retry.of(key,
                RetryConfig.custom().maxAttempts(options.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(options.firstWait(), options.multiplier()))
                        .build())));
    }

    static BreakerState stateOf(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
        };
    }

    /** A {@link Breaker} over a Resilience4j circuit breaker. Thread-safe. */
    private record ResilienceBreaker(String name, CircuitBreaker breaker) implements Breaker {
        @Override
        public BreakerState state() {
            return stateOf(breaker.getState());
        }

        @Override
        public <R> CallOutcome<R> call(Callable<R> call) {
            if (!breaker.tryAcquirePermission()) {
                return new CallOutcome.Refused<>(CallOutcome.Refusal.CIRCUIT_OPEN,
                        "circuit breaker " + name + " is " + state());
            }
            long start = System.nanoTime();
            try {
                R value = call.call();
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return new CallOutcome.Done<>(value);
            } catch (Exception e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                return new CallOutcome.Failed<>(e);
            }
        }
    }

    /** A rate-limiting {@link Guard}. Thread-safe. */
    private record LimiterGuard(String name, RateLimiter limiter) implements Guard {
        @Override
        public <R> CallOutcome<R> call(Callable<R> call) {
            if (!limiter.acquirePermission()) {
                return new CallOutcome.Refused<>(CallOutcome.Refusal.RATE_LIMITED,
                        "rate limiter " + name + " has no permit");
            }
            try {
                return new CallOutcome.Done<>(call.call());
            } catch (Exception e) {
                return new CallOutcome.Failed<>(e);
            }
        }
    }

    /** A retrying {@link Guard}. Thread-safe. */
    private record RetryGuard(String name, Retry retry) implements Guard {
        @Override
        public <R> CallOutcome<R> call(Callable<R> call) {
            try {
                return new CallOutcome.Done<>(retry.executeCallable(call));
            } catch (Exception e) {
                return new CallOutcome.Failed<>(e);
            }
        }
    }
}
