package dev.crystal.settlement.distributions.domain;

import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An affiliate and its commission terms. Rates are percentages with at most 4 decimals, 0–100.
 *
 * @param performanceBonusThreshold base revenue from which the performance bonus applies, or null for none
 * @param performanceBonusRate      bonus as a percentage of the commission, or null for none
 */
public record Affiliate(String affiliateId, BigDecimal commissionRate, Money performanceBonusThreshold,
                        BigDecimal performanceBonusRate, String paymentMethod) {

    public static final String DEFAULT_PAYMENT_METHOD = "wire_transfer";

    public Affiliate {
        Objects.requireNonNull(affiliateId, "affiliateId");
        requireRate(commissionRate, "commissionRate");
        if (performanceBonusRate != null) {
            requireRate(performanceBonusRate, "performanceBonusRate");
        }
        if (performanceBonusThreshold != null && performanceBonusThreshold.isNegative()) {
            throw new IllegalArgumentException("performanceBonusThreshold must not be negative");
        }
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }

    private static void requireRate(BigDecimal rate, String name) {
        Objects.requireNonNull(rate, name);
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and 100 (percent), was " + rate.toPlainString());
        }
        if (rate.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException(name + " must have at most 4 decimals");
        }
    }

    /** Same terms (rates compared by value, so 20 equals 20.0). */
    public boolean sameTermsAs(Affiliate other) {
        return affiliateId.equals(other.affiliateId) && commissionRate.compareTo(other.commissionRate) == 0
                && Objects.equals(performanceBonusThreshold, other.performanceBonusThreshold)
                && (performanceBonusRate == null ? other.performanceBonusRate == null
                : other.performanceBonusRate != null && performanceBonusRate.compareTo(other.performanceBonusRate) == 0)
                && paymentMethod.equals(other.paymentMethod);
    }
}
