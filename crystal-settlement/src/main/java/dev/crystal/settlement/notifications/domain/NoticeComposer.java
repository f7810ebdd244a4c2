package dev.crystal.settlement.notifications.domain;

import dev.crystal.settlement.contracts.AdjustmentPosted;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.BonusExpired;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.BonusRedeemed;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionProcessed;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.contracts.SettlementUpdate;
import java.util.Optional;

/** Turns domain events into the notices customers and partners receive. Pure: no I/O, no clock. */
public final class NoticeComposer {
    private NoticeComposer() {
    }

    /** Who a notice is for. */
    public enum Audience { CUSTOMER, PARTNER, SECURITY }

    /** A notice to be recorded and delivered; {@code noticeId} is unique per (kind, reference). */
    public record Draft(String noticeId, String recipientId, Audience audience, String kind, String reference,
                        String text) {
    }

    public static Optional<Draft> compose(DomainEvent event) {
        return switch (event) {
            case SettlementProcessed p -> draft(p.customerId(), Audience.CUSTOMER, "SETTLEMENT_PROCESSED",
                    p.settlementId(), (p.type() == SettlementType.PAYOUT
                            ? "Payout of " + p.amount() + " credited to your account"
                            : "Collection of " + p.amount() + " debited from your account")
                            + " (settlement " + p.settlementId() + ", confirmation " + p.confirmationNumber()
                            + "). Balance: " + p.balance() + ".");
            case SettlementFailed f -> draft(f.customerId(), Audience.CUSTOMER, "SETTLEMENT_FAILED",
                    f.settlementId() + "#" + f.retryCount(),
                    "Settlement " + f.settlementId() + " failed: " + f.error()
                            + (f.errorDetails() == null ? "" : " (balance " + f.errorDetails().balance()
                            + ", required " + f.errorDetails().required() + ", shortfall "
                            + f.errorDetails().shortfall() + ")")
                            + (f.nextRetryAt() == null ? "." : ". We will try again at " + f.nextRetryAt() + "."));
            case BonusIssued b -> draft(b.customerId(), Audience.CUSTOMER, "BONUS_ISSUED", b.transactionId(),
                    "You received a " + b.bonusType() + " bonus of " + b.amount() + " (wager " + b.wageringRequirement()
                            + "x before redeeming; expires " + b.expiresAt() + ").");
            case BonusRedeemed r -> draft(r.customerId(), Audience.CUSTOMER, "BONUS_REDEEMED",
                    r.transactionId() + "@" + r.remainingAmount(),
                    r.redemptionAmount() + " of bonus " + r.transactionId() + " moved to your cash balance; "
                            + r.remainingAmount() + " left.");
            case BonusExpired x -> draft(x.customerId(), Audience.CUSTOMER, "BONUS_EXPIRED", x.transactionId(),
                    "Bonus " + x.transactionId() + " expired; " + x.forfeitedAmount() + " was forfeited.");
            case DistributionProcessed d -> draft(d.recipientId(), Audience.PARTNER, "DISTRIBUTION_PROCESSED",
                    d.distributionId(), "Commission of " + d.amount() + " for " + d.period() + " paid (transaction "
                            + d.transactionId() + ", confirmation " + d.confirmation() + ").");
            case AdjustmentPosted a -> draft(a.customerId(), Audience.CUSTOMER, "ADJUSTMENT_POSTED", a.adjustmentId(),
                    "Your account was " + (a.direction().equals("credit") ? "credited " : "debited ") + a.amount()
                            + " (" + a.reason() + "). Balance: " + a.balance() + ".");
            case SecurityAlert s -> draft(s.customerId(), Audience.SECURITY, "SECURITY_ALERT", s.alertId(),
                    "Security alert " + s.kind() + ": " + s.detail());
            case CommissionCalculated ignored -> Optional.empty();
            case SettlementUpdate ignored -> Optional.empty();
            case BalanceUpdated ignored -> Optional.empty();
            case NoticeSent ignored -> Optional.empty();
        };
    }

    private static Optional<Draft> draft(String recipient, Audience audience, String kind, String reference,
                                         String text) {
        return Optional.of(new Draft(kind + ":" + reference, recipient, audience, kind, reference, text));
    }
}
