package dev.crystal.wire;

/** The closed set of field constraints a message type can declare. Immutable. */
public enum ConstraintKind {
    /** The field is present (not null). */
    REQUIRED,
    /** The field is a present string with at least one non-whitespace character. */
    NON_BLANK,
    /** The field is a present money amount, greater than zero, with at most 2 decimals. */
    POSITIVE_MONEY,
    /** The field is a present money amount, zero or more, with at most 2 decimals. */
    NON_NEGATIVE_MONEY,
    /** The field is a present string equal to one of the allowed values. */
    ONE_OF,
    /** The field is a present whole number between a minimum and a maximum, both inclusive. */
    RANGE
}
