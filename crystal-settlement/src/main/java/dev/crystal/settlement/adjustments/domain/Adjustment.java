package dev.crystal.settlement.adjustments.domain;

import dev.crystal.settlement.contracts.AdjustmentsCommand.Direction;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A manual correction of a customer's cash and its state machine. Immutable.
 * <pre>
 * (request ≤ limit) ─► POSTING ─► APPLIED | FAILED
 * (request > limit) ─► PENDING_APPROVAL ─approve (other person)─► POSTING ; ─reject─► REJECTED
 * </pre>
 */
public record Adjustment(String adjustmentId, String customerId, Direction direction, Money amount, String reason,
                         String requestedBy, String approvedBy, String rejectedBy, Status status, String error,
                         Money balance, Instant requestedAt, Instant decidedAt) {

    public enum Status { PENDING_APPROVAL, POSTING, APPLIED, REJECTED, FAILED }

    public Adjustment {
        Objects.requireNonNull(adjustmentId, "adjustmentId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(status, "status");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("adjustment amount must be positive");
        }
        if (reason == null || reason.isBlank() || requestedBy == null || requestedBy.isBlank()) {
            throw new IllegalArgumentException("an adjustment needs a reason and a requester");
        }
    }

    /** A new request: straight to posting up to {@code approvalLimit}, else waiting for a second person. */
    public static Adjustment requested(String id, String customerId, Direction direction, Money amount, String reason,
                                       String requestedBy, Money approvalLimit, Instant at) {
        Status status = amount.compareTo(approvalLimit) > 0 ? Status.PENDING_APPROVAL : Status.POSTING;
        return new Adjustment(id, customerId, direction, amount, reason, requestedBy, null, null, status, null, null,
                at, null);
    }

    public boolean sameRequestAs(Adjustment other) {
        return customerId.equals(other.customerId) && direction == other.direction && amount.equals(other.amount)
                && reason.equals(other.reason) && requestedBy.equals(other.requestedBy);
    }

    /** Four eyes: the approver must be someone other than the requester. */
    public boolean mayBeApprovedBy(String approver) {
        return !requestedBy.equalsIgnoreCase(approver);
    }

    public Adjustment approved(String approver, Instant at) {
        require(Status.PENDING_APPROVAL);
        if (!mayBeApprovedBy(approver)) {
            throw new IllegalArgumentException("the requester cannot approve their own adjustment");
        }
        return new Adjustment(adjustmentId, customerId, direction, amount, reason, requestedBy, approver, null,
                Status.POSTING, null, null, requestedAt, at);
    }

    public Adjustment rejected(String by, String why, Instant at) {
        require(Status.PENDING_APPROVAL);
        return new Adjustment(adjustmentId, customerId, direction, amount, reason, requestedBy, null, by,
                Status.REJECTED, why, null, requestedAt, at);
    }

    public Adjustment applied(Money balanceAfter, Instant at) {
        require(Status.POSTING);
        return new Adjustment(adjustmentId, customerId, direction, amount, reason, requestedBy, approvedBy, null,
                Status.APPLIED, null, balanceAfter, requestedAt, decidedAt == null ? at : decidedAt);
    }

    /** The ledger refused the posting: the adjustment keeps the failure's code and the balance it reported. */
    public Adjustment failed(PostingFailure failure, Instant at) {
        require(Status.POSTING);
        return new Adjustment(adjustmentId, customerId, direction, amount, reason, requestedBy, approvedBy, null,
                Status.FAILED, failure.code(), failure.balance(), requestedAt, decidedAt == null ? at : decidedAt);
    }

    private void require(Status expected) {
        if (status != expected) {
            throw new IllegalStateException("adjustment " + adjustmentId + " is " + status + ", not " + expected);
        }
    }
}
