package dev.crystal.settlement.contracts;

import java.time.Instant;

/** SETTLEMENT_FAILED: a settlement moved no money; {@code nextRetryAt} is null when it will not be retried. */
public record SettlementFailed(String settlementId, String customerId, String error, int retryCount,
                               Instant nextRetryAt, ErrorDetails errorDetails) implements DomainEvent {
}
