package dev.crystal.jobs;

import java.util.Objects;

/**
 * One job to add with {@link JobQueue#addBulk}. Immutable.
 *
 * @param name    the job name (processors may switch on it)
 * @param data    the payload: any value Jackson can write as JSON, or a {@link JsonPayload}
 * @param options the job options
 */
public record JobRequest(String name, Object data, JobOptions options) {
    public JobRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
    }

    /** A job with default options. */
    public static JobRequest of(String name, Object data) {
        return new JobRequest(name, data, JobOptions.defaults());
    }
}
