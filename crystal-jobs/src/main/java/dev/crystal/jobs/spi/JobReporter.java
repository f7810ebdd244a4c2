package dev.crystal.jobs.spi;

import java.time.Instant;

/**
 * Port: what a running processor writes besides its outcome. Thread-safe.
 */
public interface JobReporter {

    /** Stores progress JSON for an active job held with {@code lockToken}; false if the lock is gone. */
    boolean progress(String queue, String jobId, String lockToken, String progressJson);

    /** Appends a log line to a job; false if the job does not exist. */
    boolean log(String queue, String jobId, String line, Instant at);
}
