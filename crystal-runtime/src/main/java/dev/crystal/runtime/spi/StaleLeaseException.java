package dev.crystal.runtime.spi;

/**
 * Thrown by a {@linkplain TransportReceiver#fence fenced} receiver when the lease service says the caller's grant is
 * no longer the newest: another holder has taken the lease since, so this one may not acknowledge or reclaim the
 * destination's messages. Nothing was changed.
 */
public final class StaleLeaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A refusal described by {@code message} (the lease service's words). */
    public StaleLeaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
