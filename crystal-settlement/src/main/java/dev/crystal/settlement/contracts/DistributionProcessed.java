package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** DISTRIBUTION_PROCESSED: a commission was paid to an affiliate and posted to the ledger. */
public record DistributionProcessed(String distributionId, String recipientId, Money amount, String status,
                                    Instant processedAt, String transactionId, String confirmation, String period)
        implements DomainEvent {
}
