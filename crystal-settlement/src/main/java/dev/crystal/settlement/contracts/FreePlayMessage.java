package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;

/** Messages the free-play domain accepts: settlement events (wagering progress), and its commands. */
public sealed interface FreePlayMessage permits FreePlayMessage.SettlementReceived, FreePlayMessage.IssueBonus, FreePlayMessage.RedeemBonus,
        FreePlayMessage.GetBonus, FreePlayMessage.ListBonuses, FreePlayMessage.ExpireDueBonuses,
        FreePlayMessage.ResumeBonuses {

    /** A processed settlement (wagering progress), as free play's subscription to {@link SettlementProcessed} adapts it. */
    record SettlementReceived(SettlementProcessed event) implements FreePlayMessage, Received<SettlementProcessed> {
    }

    /** Issues a bonus; idempotent by {@code transactionId}. */
    record IssueBonus(String transactionId, String customerId, String bonusType, Money amount,
                      int wageringRequirement, Instant expiresAt, String reference)
            implements FreePlayMessage, Request<BonusAnswer> {
    }

    /**
     * Redeems part ({@code amount}) or all (null) of what is left of a bonus; idempotent by
     * {@code redemptionId}.
     */
    record RedeemBonus(String transactionId, String redemptionId, Money amount)
            implements FreePlayMessage, Request<BonusAnswer> {
    }

    record GetBonus(String transactionId) implements FreePlayMessage, Request<BonusAnswer> {
    }

    record ListBonuses(String customerId) implements FreePlayMessage, Request<BonusList> {
    }

    /** Forfeits every active bonus whose expiry has passed. */
    record ExpireDueBonuses() implements FreePlayMessage {
    }

    /** Finishes ledger postings interrupted by a restart or a timeout. */
    record ResumeBonuses() implements FreePlayMessage {
    }

    /** Answers of free play. */
    sealed interface BonusAnswer permits BonusView, BonusNotFound, BonusRefused {
    }

    /**
     * A bonus and its progress.
     *
     * @param status          {@code issuing}, {@code active}, {@code redeemed} or {@code expired}
     * @param wageringRequired amount × wagering requirement
     * @param wagered          settled stakes counted since issue
     * @param remaining        bonus money still in the bonus account
     * @param lastRedemption   the redemption this answer reports, if any
     */
    record BonusView(BonusIssued bonus, String status, Money wageringRequired, Money wagered, Money redeemed,
                     Money remaining, Instant issuedAt, BonusRedeemed lastRedemption, BonusExpired expiry)
            implements BonusAnswer {
    }

    record BonusNotFound(String transactionId) implements BonusAnswer {
    }

    /**
     * The command cannot be applied: {@code code} is one of {@code BONUS_CONFLICT}, {@code WAGERING_NOT_MET},
     * {@code BONUS_EXPIRED}, {@code BONUS_NOT_ACTIVE}, {@code AMOUNT_EXCEEDS_REMAINING}, {@code CUSTOMER_NOT_FOUND},
     * {@code REDEMPTION_CONFLICT}.
     */
    record BonusRefused(String transactionId, String code, String detail) implements BonusAnswer {
    }

    record BonusList(String customerId, List<BonusView> bonuses) {
    }
}
