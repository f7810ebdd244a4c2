package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** ADJUSTMENT_POSTED: a manual correction was applied to a customer's cash. */
public record AdjustmentPosted(String adjustmentId, String customerId, String direction, Money amount, String reason,
                               String requestedBy, String approvedBy, Instant postedAt, Money balance)
        implements DomainEvent {
}
