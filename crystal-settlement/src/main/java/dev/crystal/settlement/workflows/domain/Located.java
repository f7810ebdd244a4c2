package dev.crystal.settlement.workflows.domain;

import java.util.Objects;

/**
 * A value read from a workflow file with the (1-based) line it was written on. Immutable.
 *
 * @param value the value
 * @param line  its line in the file
 * @param <T>   value type
 */
public record Located<T>(T value, int line) {

    public Located {
        Objects.requireNonNull(value, "value");
    }
}
