package dev.crystal.server.http;

/**
 * A request the API refuses, rendered as {@code {"error", "field", "message"}} with an HTTP status.
 * Thrown only at the HTTP edge.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final Object details;
    private final int retryAfterSeconds;

    public ApiError(int status, String code, String field, String message) {
        this(status, code, field, message, null);
    }

    public ApiError(int status, String code, String field, String message, Object details) {
        this(status, code, field, message, details, 0);
    }

    private ApiError(int status, String code, String field, String message, Object details, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same refusal, answered with a {@code Retry-After: seconds} header (the request may be sent again then). */
    public ApiError retryAfter(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("Retry-After must be at least 1 second, was " + seconds);
        }
        return new ApiError(status, code, field, getMessage(), details, seconds);
    }

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Extra facts about the refusal (e.g. balance, required, shortfall), or {@code null}. */
    public Object details() {
        return details;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "VALIDATION_FAILED", field, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The offending field, or {@code null} when the problem is not about one field. */
    public String field() {
        return field;
    }
}
