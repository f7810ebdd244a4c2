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

    public ApiError(int status, String code, String field, String message) {
        this(status, code, field, message, null);
    }

    public ApiError(int status, String code, String field, String message, Object details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = details;
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
