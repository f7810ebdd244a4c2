package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Locale;

/** Messages the adjustments domain accepts. */
public sealed interface AdjustmentsCommand permits AdjustmentsCommand.RequestAdjustment,
        AdjustmentsCommand.ApproveAdjustment, AdjustmentsCommand.RejectAdjustment, AdjustmentsCommand.GetAdjustment,
        AdjustmentsCommand.ResumeAdjustments {

    /** Asks for a manual credit or debit; idempotent by {@code adjustmentId}. */
    record RequestAdjustment(String adjustmentId, String customerId, Direction direction, Money amount, String reason,
                             String requestedBy) implements AdjustmentsCommand, Request<AdjustmentAnswer> {
    }

    /** A second person approves an adjustment above the approval threshold. */
    record ApproveAdjustment(String adjustmentId, String approvedBy)
            implements AdjustmentsCommand, Request<AdjustmentAnswer> {
    }

    record RejectAdjustment(String adjustmentId, String rejectedBy, String reason)
            implements AdjustmentsCommand, Request<AdjustmentAnswer> {
    }

    record GetAdjustment(String adjustmentId) implements AdjustmentsCommand, Request<AdjustmentAnswer> {
    }

    /** Finishes postings interrupted by a restart or a ledger timeout. */
    record ResumeAdjustments() implements AdjustmentsCommand {
    }

    /** Which way the correction moves the customer's cash. */
    enum Direction {
        CREDIT, DEBIT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Answers of adjustments. */
    sealed interface AdjustmentAnswer permits AdjustmentView, AdjustmentNotFound, AdjustmentRefused {
    }

    /**
     * An adjustment as recorded.
     *
     * @param status {@code pending_approval}, {@code posting}, {@code applied}, {@code rejected} or {@code failed}
     */
    record AdjustmentView(String adjustmentId, String customerId, Direction direction, Money amount, String reason,
                          String requestedBy, String approvedBy, String rejectedBy, String status, String error,
                          Money balance, Instant requestedAt, Instant decidedAt) implements AdjustmentAnswer {
    }

    record AdjustmentNotFound(String adjustmentId) implements AdjustmentAnswer {
    }

    /**
     * Refused: {@code code} is one of {@code ADJUSTMENT_CONFLICT}, {@code FOUR_EYES_REQUIRED},
     * {@code NOT_PENDING_APPROVAL}, {@code CUSTOMER_NOT_FOUND}, {@code INSUFFICIENT_FUNDS}.
     */
    record AdjustmentRefused(String adjustmentId, String code, String detail) implements AdjustmentAnswer {
    }
}
