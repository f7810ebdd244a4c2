package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/**
 * SETTLEMENT_PROCESSED: a settlement moved money. {@code stake} is the wager it settled (null if
 * not given); free play counts it towards wagering requirements.
 */
public record SettlementProcessed(String settlementId, String customerId, SettlementType type, Money amount,
                                  Money stake, String paymentMethod, Instant processedAt, String confirmationNumber,
                                  Money balance) implements DomainEvent {
}
