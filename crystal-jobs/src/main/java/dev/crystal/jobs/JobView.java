package dev.crystal.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A read-only snapshot of a job as stored. Immutable.
 *
 * @param ref             queue and id
 * @param name            job name
 * @param dataJson        payload as JSON text
 * @param state           current state
 * @param priority        0 or 1..{@link JobOptions#MAX_PRIORITY}
 * @param maxAttempts     attempts allowed
 * @param attemptsMade    attempts that finished (failed or completed)
 * @param attemptsStarted times a worker claimed the job
 * @param stalledCount    times the job's lock expired while active
 * @param progressJson    last progress as JSON text, or {@code null}
 * @param returnValueJson return value as JSON text once completed, or {@code null}
 * @param failedReason    last failure message, or {@code null}
 * @param correlationId   correlation id, or {@code null}
 * @param parent          flow parent, or {@code null}
 * @param pendingChildren flow children not yet done
 * @param createdAt       when added
 * @param runAt           when a delayed job becomes ready, or {@code null}
 * @param processedAt     when last claimed, or {@code null}
 * @param finishedAt      when completed or failed, or {@code null}
 * @param history         every state change, oldest first
 */
public record JobView(
        JobRef ref,
        String name,
        String dataJson,
        JobState state,
        int priority,
        int maxAttempts,
        int attemptsMade,
        int attemptsStarted,
        int stalledCount,
        String progressJson,
        String returnValueJson,
        String failedReason,
        String correlationId,
        JobRef parent,
        int pendingChildren,
        Instant createdAt,
        Instant runAt,
        Instant processedAt,
        Instant finishedAt,
        List<JobTransition> history) {

    public JobView {
        history = List.copyOf(history);
    }

    /** The job id. */
    public String id() {
        return ref.id();
    }
}
