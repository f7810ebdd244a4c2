package dev.crystal.settlement.distributions.domain;

import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The seed's commission formula: {@code calculatedAmount = baseRevenue × commissionRate / 100}
 * (never below zero), {@code performanceBonus = calculatedAmount × performanceBonusRate / 100}
 * once base revenue reaches the threshold, {@code totalAmount = calculatedAmount + performanceBonus}.
 * Amounts round half-even to cents. Pure.
 */
public final class CommissionCalculator {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Money HIGH_PRIORITY_FROM = Money.of("10000.00");

    private CommissionCalculator() {
    }

    public static CommissionCalculated calculate(Affiliate affiliate, String period, Money baseRevenue) {
        Money calculated = baseRevenue.isPositive() ? percent(baseRevenue, affiliate.commissionRate()) : Money.ZERO;
        boolean bonusEarned = affiliate.performanceBonusRate() != null && affiliate.performanceBonusThreshold() != null
                && baseRevenue.isPositive() && baseRevenue.compareTo(affiliate.performanceBonusThreshold()) >= 0;
        Money bonus = bonusEarned ? percent(calculated, affiliate.performanceBonusRate()) : Money.ZERO;
        Money total = calculated.plus(bonus);
        var schedule = new CommissionCalculated.PaymentSchedule(Period.parse(period).plusMonths(1).atDay(1),
                affiliate.paymentMethod(), total.compareTo(HIGH_PRIORITY_FROM) >= 0 ? "high" : "normal");
        return new CommissionCalculated(affiliate.affiliateId(), period, baseRevenue, affiliate.commissionRate(),
                calculated, bonus, total, schedule);
    }

    private static Money percent(Money amount, BigDecimal rate) {
        return Money.of(amount.toBigDecimal().multiply(rate).divide(HUNDRED, Money.SCALE, RoundingMode.HALF_EVEN));
    }

    /** Revenue the house made from one settlement: collections earn, payouts cost. */
    public static Money revenueOf(SettlementType type, Money amount) {
        return type == SettlementType.COLLECTION ? amount : amount.negate();
    }

}
