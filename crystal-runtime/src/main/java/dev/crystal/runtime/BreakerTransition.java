package dev.crystal.runtime;

import java.time.Instant;

/**
 * Event published on the runtime's event bus when a {@link Breaker} changes state; subscribe to
 * {@code BreakerTransition.class} to see them.
 *
 * @param worker  address name of the worker that owns the breaker
 * @param breaker the breaker's name
 * @param from    previous state
 * @param to      new state
 * @param at      when it changed
 */
public record BreakerTransition(String worker, String breaker, BreakerState from, BreakerState to, Instant at) {
}
