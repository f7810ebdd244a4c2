package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** SETTLEMENT_UPDATE: a settlement changed status (the seed's main message). */
public record SettlementUpdate(String settlementId, String customerId, Money amount, SettlementStatus status,
                               Instant timestamp, int retryCount) implements DomainEvent {
}
