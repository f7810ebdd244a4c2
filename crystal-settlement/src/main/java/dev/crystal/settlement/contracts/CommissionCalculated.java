package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * COMMISSION_CALCULATED: an affiliate's commission for a period, as in the seed:
 * {@code calculatedAmount = baseRevenue × commissionRate / 100}, {@code totalAmount = calculatedAmount + performanceBonus}.
 */
public record CommissionCalculated(String recipientId, String period, Money baseRevenue, BigDecimal commissionRate,
                                   Money calculatedAmount, Money performanceBonus, Money totalAmount,
                                   PaymentSchedule paymentSchedule) implements DomainEvent {

    /** When and how the commission is to be paid. */
    public record PaymentSchedule(LocalDate scheduledDate, String paymentMethod, String priority) {
    }
}
