package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** SETTLEMENT_PROCESSED: a settlement moved money. */
public record SettlementProcessed(String settlementId, String customerId, SettlementType type, Money amount,
                                  String paymentMethod, Instant processedAt, String confirmationNumber,
                                  Money balance) implements DomainEvent {
}
