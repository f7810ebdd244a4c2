package dev.crystal.settlement.notifications.domain;

import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import java.util.Optional;

/** Turns domain events into the notices customers receive. Pure: no I/O, no clock. */
public final class NoticeComposer {
    private NoticeComposer() {
    }

    /** A notice to be recorded and delivered. */
    public record Draft(String noticeId, String customerId, String kind, String reference, String text) {
    }

    public static Optional<Draft> compose(DomainEvent event) {
        return switch (event) {
            case SettlementProcessed p -> Optional.of(new Draft("SETTLEMENT_PROCESSED:" + p.settlementId(),
                    p.customerId(), "SETTLEMENT_PROCESSED", p.settlementId(),
                    (p.type() == SettlementType.PAYOUT
                            ? "Payout of " + p.amount() + " credited to your account"
                            : "Collection of " + p.amount() + " debited from your account")
                            + " (settlement " + p.settlementId() + ", confirmation " + p.confirmationNumber()
                            + "). Balance: " + p.balance() + "."));
            case SettlementFailed f -> Optional.of(new Draft("SETTLEMENT_FAILED:" + f.settlementId(),
                    f.customerId(), "SETTLEMENT_FAILED", f.settlementId(),
                    "Settlement " + f.settlementId() + " failed: " + f.error()
                            + (f.errorDetails() == null ? "" : " (balance " + f.errorDetails().balance()
                            + ", required " + f.errorDetails().required() + ", shortfall "
                            + f.errorDetails().shortfall() + ")") + "."));
            case BalanceUpdated ignored -> Optional.empty();
        };
    }
}
