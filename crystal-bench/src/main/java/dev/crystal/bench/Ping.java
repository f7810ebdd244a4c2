package dev.crystal.bench;

import dev.crystal.runtime.Request;

/** The request of the round-trip benchmarks; the answer is a {@code Long}. */
public record Ping(long value) implements Request<Long> {
    public static final Ping ONE = new Ping(1);
}
