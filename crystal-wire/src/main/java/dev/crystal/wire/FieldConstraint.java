package dev.crystal.wire;

import java.util.List;
import java.util.Objects;

/**
 * One declared constraint on one field of a message type. Immutable.
 *
 * @param path          dotted path of record components from the payload root, e.g.
 *                      {@code settlement.amount}; a {@code []} suffix applies the constraint to
 *                      every element of a list, e.g. {@code metadata.relatedTransactions[]}
 * @param kind          what is required of the field
 * @param allowedValues the allowed values for {@link ConstraintKind#ONE_OF}, else empty
 * @param min           the inclusive minimum for {@link ConstraintKind#RANGE}, else 0
 * @param max           the inclusive maximum for {@link ConstraintKind#RANGE}, else 0
 */
public record FieldConstraint(String path, ConstraintKind kind, List<String> allowedValues, long min, long max) {
    public FieldConstraint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        allowedValues = List.copyOf(allowedValues);
        if (kind == ConstraintKind.ONE_OF && allowedValues.isEmpty()) {
            throw new IllegalArgumentException(path + ": ONE_OF needs at least one allowed value");
        }
        if (kind == ConstraintKind.RANGE && min > max) {
            throw new IllegalArgumentException(path + ": RANGE min " + min + " > max " + max);
        }
    }
}
