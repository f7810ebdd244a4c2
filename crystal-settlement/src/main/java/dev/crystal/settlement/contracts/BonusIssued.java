package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** BONUS_ISSUED: free-play money credited to a customer's bonus account. */
public record BonusIssued(String transactionId, String customerId, String bonusType, Money amount,
                          int wageringRequirement, Instant expiresAt, String reference) implements DomainEvent {
}
