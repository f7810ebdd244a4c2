package dev.crystal.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * What a processor sees of the job it runs. Owned by the processing thread of that one job.
 */
public interface JobContext {

    /** Queue and id. */
    JobRef ref();

    /** The job id. */
    default String id() {
        return ref().id();
    }

    /** The job name. */
    String name();

    /** The payload as JSON text. */
    String dataJson();

    /**
     * The payload read as {@code type}.
     *
     * @throws BadPayloadException if it does not map; thrown out of the processor it fails the job at once
     */
    <T> T data(Class<T> type);

    /** The correlation id the job carries, or {@code null}; pass it on to messages sent from the processor. */
    String correlationId();

    /** Attempts finished before this one (0 on the first run). */
    int attemptsMade();

    /** Attempts allowed in total. */
    int maxAttempts();

    /** When the job became ready to run (its delay passed or it was added), or {@code null} if unknown. */
    default Instant readyAt() {
        return null;
    }

    /** Stores progress (any JSON-writable value) and emits a progress event. */
    void updateProgress(Object progress);

    /** Appends a line to the job's log. */
    void log(String line);

    /** For a flow parent: the JSON return values of its completed children, by child. */
    Map<JobRef, String> childrenValues();

    /** One child's return value read as {@code type}, or {@code null} if it has none. */
    <T> T childValue(JobRef child, Class<T> type);
}
