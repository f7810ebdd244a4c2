package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** BONUS_EXPIRED: a bonus passed its expiry; what was left went back to the house. */
public record BonusExpired(String transactionId, String customerId, Money forfeitedAmount, Instant expiredAt)
        implements DomainEvent {
}
