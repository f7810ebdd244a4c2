package dev.crystal.settlement.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.jobs.JobRef;
import dev.crystal.jobs.JobState;
import dev.crystal.jobs.JobView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainJobsTest {
    private static final Instant DUE = Instant.parse("2026-01-05T08:10:00Z");

    @Test
    void aPendingSettlementRetryIsReliedOnByItsSettlement() {
        JobView retry = job(PlatformQueues.SETTLEMENT_RETRIES, "retry-PEN_001-1",
                "{\"settlementId\":\"PEN_001\",\"retryCount\":1}", JobState.DELAYED);
        assertThat(DomainJobs.reliedOnBy(retry)).contains("settlement PEN_001 (retry 2, due 2026-01-05T08:10:00Z)");
    }

    @Test
    void aPendingBonusExpiryIsReliedOnByItsBonus() {
        JobView expiry = job(PlatformQueues.BONUS_EXPIRY, "expire-TX_9", "{\"transactionId\":\"TX_9\"}",
                JobState.WAITING);
        assertThat(DomainJobs.reliedOnBy(expiry)).contains("bonus TX_9 (expiry, due 2026-01-05T08:10:00Z)");
    }

    @Test
    void finishedJobsAndOtherQueuesAreNotReliedOn() {
        assertThat(DomainJobs.reliedOnBy(job(PlatformQueues.SETTLEMENT_RETRIES, "retry-P-0",
                "{\"settlementId\":\"P\",\"retryCount\":0}", JobState.COMPLETED))).isEmpty();
        assertThat(DomainJobs.reliedOnBy(job(PlatformQueues.BONUS_EXPIRY, "expire-T", "{\"transactionId\":\"T\"}",
                JobState.FAILED))).isEmpty();
        assertThat(DomainJobs.reliedOnBy(job("reports", "r-1", "{}", JobState.DELAYED))).isEmpty();
        assertThat(DomainJobs.reliedOnBy(job(PlatformQueues.SETTLEMENT_RETRIES, "odd", "\"not an object\"",
                JobState.DELAYED))).hasValueSatisfying(owner -> assertThat(owner).contains("retry job odd"));
        assertThat(DomainJobs.platformScheduleOf(PlatformQueues.COMMISSION_RUNS))
                .contains(PlatformQueues.MONTHLY_COMMISSIONS);
    }

    private static JobView job(String queue, String id, String data, JobState state) {
        return new JobView(new JobRef(queue, id), "n", data, state, 0, 1, 0, 0, 0, null, null, null, null, null, 0,
                DUE.minusSeconds(600), DUE, null, null, List.of());
    }
}
