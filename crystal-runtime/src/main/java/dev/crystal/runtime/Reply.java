package dev.crystal.runtime;

import java.util.Objects;

/**
 * The answer to a {@link Request}: either the recipient's value or one of the
 * {@link ReplyFailure} kinds. Expected outcomes are values, not exceptions.
 *
 * @param <R> reply value type
 */
public sealed interface Reply<R> {

    /** The recipient answered with {@code value}. */
    record Success<R>(R value) implements Reply<R> {
        public Success {
            Objects.requireNonNull(value, "value");
        }
    }

    /** No value: the request failed for {@code kind}; {@code detail} says why, for people. */
    record Failure<R>(ReplyFailure kind, String detail) implements Reply<R> {
        public Failure {
            Objects.requireNonNull(kind, "kind");
        }
    }

    static <R> Reply<R> success(R value) {
        return new Success<>(value);
    }

    static <R> Reply<R> failure(ReplyFailure kind, String detail) {
        return new Failure<>(kind, detail);
    }
}
