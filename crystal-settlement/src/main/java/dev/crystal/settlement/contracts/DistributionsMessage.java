package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.util.List;

/** Messages the distributions domain accepts: settlement events (revenue accrual), and its commands. */
public sealed interface DistributionsMessage permits DistributionsMessage.SettlementReceived,
        DistributionsMessage.RegisterAffiliate,
        DistributionsMessage.LinkCustomer, DistributionsMessage.CalculateCommission,
        DistributionsMessage.PayCommission, DistributionsMessage.ResumePayouts, DistributionsMessage.GetAffiliate {

    /** A processed settlement, as distributions' subscription to {@link SettlementProcessed} adapts it. */
    record SettlementReceived(SettlementProcessed event) implements DistributionsMessage, Received<SettlementProcessed> {
    }

    /**
     * Registers an affiliate. Rates are percentages ({@code 20.0} = 20%). The performance bonus is
     * {@code performanceBonusRate}% of the commission when the period's base revenue reaches
     * {@code performanceBonusThreshold}.
     */
    record RegisterAffiliate(String affiliateId, BigDecimal commissionRate, Money performanceBonusThreshold,
                             BigDecimal performanceBonusRate, String paymentMethod)
            implements DistributionsMessage, Request<AffiliateAnswer> {
    }

    /** Attributes a customer's future settlements to an affiliate. */
    record LinkCustomer(String affiliateId, String customerId) implements DistributionsMessage, Request<AffiliateAnswer> {
    }

    /** Calculates (or recalculates, until paid) the commission of one affiliate, or all when null, for a period {@code YYYY-MM}. */
    record CalculateCommission(String affiliateId, String period)
            implements DistributionsMessage, Request<CommissionAnswer> {
    }

    /** Pays an affiliate's calculated commission for a period; idempotent per (affiliate, period). */
    record PayCommission(String affiliateId, String period) implements DistributionsMessage, Request<PayoutAnswer> {
    }

    /** Finishes payouts interrupted by a restart or a ledger timeout. */
    record ResumePayouts() implements DistributionsMessage {
    }

    record GetAffiliate(String affiliateId) implements DistributionsMessage, Request<AffiliateAnswer> {
    }

    /** Answers about affiliates. */
    sealed interface AffiliateAnswer permits AffiliateView, AffiliateNotFound, AffiliateConflict {
    }

    record AffiliateView(String affiliateId, BigDecimal commissionRate, Money performanceBonusThreshold,
                         BigDecimal performanceBonusRate, String paymentMethod, List<String> customers,
                         List<CommissionStatement> statements) implements AffiliateAnswer {
    }

    record AffiliateNotFound(String affiliateId) implements AffiliateAnswer, CommissionAnswer, PayoutAnswer {
    }

    /** The request contradicts what is recorded (e.g. a customer already linked elsewhere). */
    record AffiliateConflict(String code, String detail) implements AffiliateAnswer, CommissionAnswer, PayoutAnswer {
    }

    /**
     * A commission statement: the figures of {@link CommissionCalculated} plus its payment state.
     *
     * @param status {@code calculated} or {@code paid}
     */
    record CommissionStatement(CommissionCalculated commission, String status, String distributionId) {
    }

    /** Answer to {@link CalculateCommission}. */
    sealed interface CommissionAnswer permits Calculated, AffiliateNotFound, AffiliateConflict {
    }

    record Calculated(List<CommissionCalculated> commissions) implements CommissionAnswer {
    }

    /** Answer to {@link PayCommission}. */
    sealed interface PayoutAnswer permits Paid, AffiliateNotFound, AffiliateConflict {
    }

    record Paid(DistributionProcessed distribution) implements PayoutAnswer {
    }
}
