package dev.crystal.wire;

import java.util.Objects;

/**
 * One broken constraint of a message: which field and what is wrong with it. Immutable.
 *
 * @param field   dotted path of the field inside the payload, e.g. {@code settlement.amount} or
 *                {@code metadata.relatedTransactions[2]}
 * @param problem what is wrong, e.g. {@code must be positive with at most 2 decimals (was -1.5)}
 */
public record Violation(String field, String problem) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
