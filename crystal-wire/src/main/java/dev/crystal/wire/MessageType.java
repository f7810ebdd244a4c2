package dev.crystal.wire;

import dev.crystal.wire.internal.CompiledConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message type known to the wire: a stable name and schema version bound to a Java record,
 * with the constraints every instance must meet. Immutable and thread-safe.
 *
 * <p>Schema evolution rule: a new schema version may only add nullable components at the end of
 * the record. Readers on an older version ignore the extra fields; readers on a newer version see
 * {@code null} for fields an older writer did not send.
 *
 * @param <T> the record class
 */
public final class MessageType<T> {
    /**
     * UPPER_SNAKE_CASE (catalogue names such as {@code SETTLEMENT_PROCESSED}) or UpperCamelCase (the simple class
     * name the runtime stamps on envelopes, e.g. {@code PostSettlement}); 64 characters at most.
     */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}|[A-Z][A-Za-z0-9]{0,63}");

    private final String name;
    private final int schemaVersion;
    private final Class<T> recordClass;
    private final List<FieldConstraint> constraints;
    private final List<CompiledConstraint> compiled;

    private MessageType(Builder<T> builder) {
        this.name = builder.name;
        this.schemaVersion = builder.schemaVersion;
        this.recordClass = builder.recordClass;
        this.constraints = List.copyOf(builder.constraints);
        List<CompiledConstraint> checks = new ArrayList<>();
        for (FieldConstraint constraint : constraints) {
            checks.add(CompiledConstraint.compile(recordClass, constraint));
        }
        this.compiled = List.copyOf(checks);
    }

    /** Starts declaring a type, e.g. {@code MessageType.builder("SETTLEMENT_PROCESSED", SettlementProcessed.class)}. */
    public static <T> Builder<T> builder(String name, Class<T> recordClass) {
        return new Builder<>(name, recordClass);
    }

    /** Stable name written on the wire, e.g. {@code SETTLEMENT_PROCESSED}. */
    public String name() {
        return name;
    }

    /** Schema version written on the wire; grows by one each time an optional field is added. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The record class messages of this type are instances of. */
    public Class<T> recordClass() {
        return recordClass;
    }

    /** The declared constraints, in declaration order. */
    public List<FieldConstraint> constraints() {
        return constraints;
    }

    /** Every broken constraint of a message; empty when it is valid. */
    public List<Violation> validate(Object message) {
        Objects.requireNonNull(message, "message");
        if (!recordClass.isInstance(message)) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not a " + recordClass.getName());
        }
        List<Violation> violations = new ArrayList<>();
        for (CompiledConstraint check : compiled) {
            check.check(message, violations);
        }
        return violations;
    }

    /**
     * Throws when the message breaks a constraint.
     *
     * @throws WireException {@link WireError#INVALID_MESSAGE} listing every violation
     */
    public void requireValid(Object message) {
        List<Violation> violations = validate(message);
        if (!violations.isEmpty()) {
            throw WireException.invalid(name, violations);
        }
    }

    @Override
    public String toString() {
        return name + "@v" + schemaVersion + "(" + recordClass.getSimpleName() + ")";
    }

    /**
     * Declares a message type. Paths are checked against the record's components when
     * {@link #build()} runs, so a misspelt field fails at start-up, not at the first message.
     * Used by one thread.
     *
     * @param <T> the record class
     */
    public static final class Builder<T> {
        private final String name;
        private final Class<T> recordClass;
        private int schemaVersion = 1;
        private final List<FieldConstraint> constraints = new ArrayList<>();

        private Builder(String name, Class<T> recordClass) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(recordClass, "recordClass");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("message type name must be UPPER_SNAKE_CASE or UpperCamelCase: " + name);
            }
            if (!recordClass.isRecord()) {
                throw new IllegalArgumentException(recordClass.getName() + " is not a record");
            }
            this.name = name;
            this.recordClass = recordClass;
        }

        /** The schema version (default 1). */
        public Builder<T> schemaVersion(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("schema version must be at least 1, was " + version);
            }
            this.schemaVersion = version;
            return this;
        }

        /** Each path must be present. */
        public Builder<T> required(String... paths) {
            for (String path : paths) {
                constraints.add(new FieldConstraint(path, ConstraintKind.REQUIRED, List.of(), 0, 0));
            }
            return this;
        }

        /** Each path must be a non-blank string. */
        public Builder<T> nonBlank(String... paths) {
            for (String path : paths) {
                constraints.add(new FieldConstraint(path, ConstraintKind.NON_BLANK, List.of(), 0, 0));
            }
            return this;
        }

        /** Each path must be a positive amount with at most 2 decimals. */
        public Builder<T> positiveMoney(String... paths) {
            for (String path : paths) {
                constraints.add(new FieldConstraint(path, ConstraintKind.POSITIVE_MONEY, List.of(), 0, 0));
            }
            return this;
        }

        /** Each path must be zero or a positive amount with at most 2 decimals. */
        public Builder<T> nonNegativeMoney(String... paths) {
            for (String path : paths) {
                constraints.add(new FieldConstraint(path, ConstraintKind.NON_NEGATIVE_MONEY, List.of(), 0, 0));
            }
            return this;
        }

        /** The path must be one of the allowed strings. */
        public Builder<T> oneOf(String path, String... allowed) {
            constraints.add(new FieldConstraint(path, ConstraintKind.ONE_OF, List.of(allowed), 0, 0));
            return this;
        }

        /** The path must be a whole number between {@code min} and {@code max}, inclusive. */
        public Builder<T> range(String path, long min, long max) {
            constraints.add(new FieldConstraint(path, ConstraintKind.RANGE, List.of(), min, max));
            return this;
        }

        /**
         * Builds the type.
         *
         * @throws IllegalArgumentException when a path names no record component or a
         *                                  constraint does not fit the component's type
         */
        public MessageType<T> build() {
            return new MessageType<>(this);
        }
    }
}
