package dev.crystal.settlement.contracts;

import java.time.Instant;

/**
 * SETTLEMENT_FAILED: a settlement attempt moved no money. {@code nextRetryAt} is when it will be
 * tried again, or null when no retry is left.
 */
public record SettlementFailed(String settlementId, String customerId, String error, int retryCount,
                               Instant nextRetryAt, ErrorDetails errorDetails) implements DomainEvent {
}
