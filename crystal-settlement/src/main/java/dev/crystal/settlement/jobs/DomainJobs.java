package dev.crystal.settlement.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.JobView;
import java.io.IOException;
import java.util.Optional;

/**
 * The jobs the settlement domains rely on, so operators cannot take them away behind a domain's back.
 * A settlement whose collection failed shows a next retry that only its {@code settlement-retries} job
 * will run; a credited bonus expires only through its {@code bonus-expiry} job. While such a job has not
 * finished, removing it, cleaning it or obliterating its queue would leave the settlement promising a
 * retry (or the bonus an expiry) that never happens: the operator surfaces refuse that and name the domain
 * object. Finished jobs are history and may go. Stateless; thread-safe.
 */
public final class DomainJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DomainJobs() {
    }

    /**
     * The domain object that relies on {@code job}, phrased for an operator (for example
     * {@code settlement PEN_001 (retry 1, due 2026-01-05T08:10:00Z)}), or empty if no domain relies on it.
     */
    public static Optional<String> reliedOnBy(JobView job) {
        if (job.state().isFinished()) {
            return Optional.empty();
        }
        String due = job.runAt() == null ? "" : ", due " + job.runAt();
        return switch (job.ref().queue()) {
            case PlatformQueues.SETTLEMENT_RETRIES -> Optional.of(field(job, "settlementId")
                    .map(id -> "settlement " + id + " (retry " + (field(job, "retryCount").map(Integer::parseInt)
                            .orElse(0) + 1) + due + ")")
                    .orElse("a settlement (retry job " + job.id() + due + ")"));
            case PlatformQueues.BONUS_EXPIRY -> Optional.of(field(job, "transactionId")
                    .map(id -> "bonus " + id + " (expiry" + due + ")")
                    .orElse("a bonus (expiry job " + job.id() + due + ")"));
            default -> Optional.empty();
        };
    }

    /** Whether jobs of {@code queue} may be ones a domain relies on. */
    public static boolean isDomainQueue(String queue) {
        return PlatformQueues.SETTLEMENT_RETRIES.equals(queue) || PlatformQueues.BONUS_EXPIRY.equals(queue);
    }

    /** The platform schedule that adds jobs to {@code queue}, if any (obliterating the queue would remove it). */
    public static Optional<String> platformScheduleOf(String queue) {
        return PlatformQueues.COMMISSION_RUNS.equals(queue) ? Optional.of(PlatformQueues.MONTHLY_COMMISSIONS)
                : Optional.empty();
    }

    private static Optional<String> field(JobView job, String name) {
        try {
            JsonNode value = JSON.readTree(job.dataJson()).get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
