package dev.crystal.settlement.distributions.domain;

import dev.crystal.settlement.contracts.CommissionCalculated;
import java.time.Instant;
import java.util.Objects;

/**
 * An affiliate's commission for one period and its payment state:
 * CALCULATED (recalculable) → PAYING (ledger asked) → PAID (final).
 */
public record Statement(CommissionCalculated commission, Status status, String distributionId, String transactionId,
                        String confirmation, Instant paidAt) {

    public enum Status { CALCULATED, PAYING, PAID }

    public Statement {
        Objects.requireNonNull(commission, "commission");
        Objects.requireNonNull(status, "status");
    }

    public static Statement calculated(CommissionCalculated commission) {
        return new Statement(commission, Status.CALCULATED, null, null, null, null);
    }

    public static String distributionIdFor(String affiliateId, String period) {
        return "DIST_" + affiliateId + "_" + period;
    }

    public Statement paying(Instant at) {
        if (status != Status.CALCULATED) {
            throw new IllegalStateException("statement " + commission.recipientId() + "/" + commission.period()
                    + " is " + status);
        }
        String distributionId = distributionIdFor(commission.recipientId(), commission.period());
        return new Statement(commission, Status.PAYING, distributionId, "TXN_" + distributionId,
                "WIRE_" + at.toEpochMilli(), null);
    }

    public Statement paid(Instant at) {
        if (status != Status.PAYING) {
            throw new IllegalStateException("statement is " + status + ", not PAYING");
        }
        return new Statement(commission, Status.PAID, distributionId, transactionId, confirmation, at);
    }
}
