package dev.crystal.server.load;

/** No platform answers at a load run's target (connection refused or timed out). Immutable. */
public final class TargetUnreachableException extends IllegalStateException {
    /** With the message to show. */
    public TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
