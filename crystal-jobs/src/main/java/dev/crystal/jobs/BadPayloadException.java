package dev.crystal.jobs;

/**
 * Job data, a return value or a progress value that cannot be written as or read from JSON. Thrown to
 * the caller of {@code add}; inside a processor it fails the job at once without retries.
 */
public final class BadPayloadException extends RuntimeException {
    /** @param message what was wrong and where */
    public BadPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
