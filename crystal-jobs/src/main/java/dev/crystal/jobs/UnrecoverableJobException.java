package dev.crystal.jobs;

/**
 * Thrown by a processor to fail the job at once, skipping any remaining attempts.
 */
public class UnrecoverableJobException extends Exception {
    /** @param message why the job cannot succeed */
    public UnrecoverableJobException(String message) {
        super(message);
    }

    /** @param message why the job cannot succeed; @param cause the underlying error */
    public UnrecoverableJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
