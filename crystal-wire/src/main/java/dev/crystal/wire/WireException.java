package dev.crystal.wire;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A message that cannot be written or read. {@link #error()} is one of a closed set of reasons;
 * {@link #violations()} lists broken constraints when the reason is {@link WireError#INVALID_MESSAGE}.
 * Immutable.
 */
public final class WireException extends RuntimeException {
    private final WireError error;
    private final String detail;
    private final List<Violation> violations;

    /** A failure with a reason and a human-readable detail. */
    public WireException(WireError error, String detail) {
        this(error, detail, List.of(), null);
    }

    /** A failure caused by a lower-level exception. */
    public WireException(WireError error, String detail, Throwable cause) {
        this(error, detail, List.of(), cause);
    }

    private WireException(WireError error, String detail, List<Violation> violations, Throwable cause) {
        super(error + ": " + detail, cause, false, cause != null);
        this.error = Objects.requireNonNull(error, "error");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.violations = List.copyOf(violations);
    }

    /** An {@link WireError#INVALID_MESSAGE} failure listing every broken constraint. */
    public static WireException invalid(String messageType, List<Violation> violations) {
        String detail = messageType + " is invalid: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new WireException(WireError.INVALID_MESSAGE, detail, violations, null);
    }

    /** Why the message could not be written or read. */
    public WireError error() {
        return error;
    }

    /** Human-readable detail naming the offending value, field or limit. */
    public String detail() {
        return detail;
    }

    /** Broken constraints; empty unless {@link #error()} is {@link WireError#INVALID_MESSAGE}. */
    public List<Violation> violations() {
        return violations;
    }
}
