package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** BONUS_REDEEMED: bonus money moved to cash after the wagering requirement was met. */
public record BonusRedeemed(String transactionId, String customerId, Money redemptionAmount, Money wagerAmount,
                            Money remainingAmount, String status, Instant redeemedAt) implements DomainEvent {
}
