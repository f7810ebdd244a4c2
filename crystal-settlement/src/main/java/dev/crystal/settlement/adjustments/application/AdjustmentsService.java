package dev.crystal.settlement.adjustments.application;

import dev.crystal.settlement.adjustments.domain.Adjustment;
import dev.crystal.settlement.adjustments.domain.PostingFailure;
import dev.crystal.settlement.contracts.AdjustmentPosted;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentAnswer;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentNotFound;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentRefused;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentView;
import dev.crystal.settlement.contracts.AdjustmentsCommand.RequestAdjustment;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The adjustments domain's use cases: requests, four-eyes approval, rejection, and recording the
 * ledger's answer. Thread ownership: the adjustments worker's thread.
 */
public final class AdjustmentsService {
    private final AdjustmentStore store;
    private final Money approvalLimit;

    public AdjustmentsService(AdjustmentStore store, Money approvalLimit) {
        this.store = store;
        this.approvalLimit = approvalLimit;
    }

    /** What a command found. */
    public sealed interface Step {
        /** Post it now. */
        record Post(Adjustment adjustment) implements Step {
        }

        /** Already being posted: wait for the same answer. */
        record InProgress(Adjustment adjustment) implements Step {
        }

        record Answer(AdjustmentAnswer answer) implements Step {
        }

        /** Refused, and a person should know (self-approval attempt). */
        record Alert(AdjustmentRefused refusal, Adjustment adjustment) implements Step {
        }
    }

    public Step request(RequestAdjustment r, Instant now) {
        Adjustment wanted = Adjustment.requested(r.adjustmentId(), r.customerId(), r.direction(), r.amount(),
                r.reason(), r.requestedBy(), approvalLimit, now);
        Optional<Adjustment> known = store.find(r.adjustmentId());
        if (known.isPresent()) {
            Adjustment a = known.get();
            if (!a.sameRequestAs(wanted)) {
                return new Step.Answer(new AdjustmentRefused(r.adjustmentId(), "ADJUSTMENT_CONFLICT",
                        "adjustment " + r.adjustmentId() + " was already requested with different fields"));
            }
            return a.status() == Adjustment.Status.POSTING ? new Step.InProgress(a) : new Step.Answer(view(a));
        }
        store.insert(wanted);
        return wanted.status() == Adjustment.Status.POSTING ? new Step.Post(wanted) : new Step.Answer(view(wanted));
    }

    public Step approve(String adjustmentId, String approver, Instant now) {
        Optional<Adjustment> found = store.find(adjustmentId);
        if (found.isEmpty()) {
            return new Step.Answer(new AdjustmentNotFound(adjustmentId));
        }
        Adjustment a = found.get();
        if (a.status() == Adjustment.Status.POSTING && approver.equals(a.approvedBy())) {
            return new Step.InProgress(a);
        }
        if (a.status() != Adjustment.Status.PENDING_APPROVAL) {
            return approver.equals(a.approvedBy()) ? new Step.Answer(view(a))
                    : new Step.Answer(new AdjustmentRefused(adjustmentId, "NOT_PENDING_APPROVAL",
                    "adjustment " + adjustmentId + " is " + label(a.status())));
        }
        if (!a.mayBeApprovedBy(approver)) {
            return new Step.Alert(new AdjustmentRefused(adjustmentId, "FOUR_EYES_REQUIRED", approver
                    + " requested adjustment " + adjustmentId + " and cannot also approve it"), a);
        }
        Adjustment approved = a.approved(approver, now);
        store.update(approved);
        return new Step.Post(approved);
    }

    public Step reject(String adjustmentId, String rejectedBy, String why, Instant now) {
        Optional<Adjustment> found = store.find(adjustmentId);
        if (found.isEmpty()) {
            return new Step.Answer(new AdjustmentNotFound(adjustmentId));
        }
        Adjustment a = found.get();
        if (a.status() == Adjustment.Status.REJECTED && rejectedBy.equals(a.rejectedBy())) {
            return new Step.Answer(view(a));
        }
        if (a.status() != Adjustment.Status.PENDING_APPROVAL) {
            return new Step.Answer(new AdjustmentRefused(adjustmentId, "NOT_PENDING_APPROVAL",
                    "adjustment " + adjustmentId + " is " + label(a.status())));
        }
        Adjustment rejected = a.rejected(rejectedBy, why, now);
        store.update(rejected);
        return new Step.Answer(view(rejected));
    }

    /** Records the ledger's answer; the event is present when money moved. */
    public Optional<Recorded> recordPosting(String adjustmentId, BalanceReply.Posting answer, Instant now) {
        return store.find(adjustmentId).filter(a -> a.status() == Adjustment.Status.POSTING).map(a -> {
            Adjustment after = switch (answer) {
                case BalanceReply.Posted posted -> a.applied(posted.balanceAfter(), now);
                case BalanceReply.InsufficientFunds refused ->
                        a.failed(new PostingFailure.InsufficientFunds(refused.balance()), now);
                case BalanceReply.UnknownCustomer unknown -> a.failed(new PostingFailure.CustomerNotFound(), now);
            };
            store.update(after);
            Optional<AdjustmentPosted> event = after.status() == Adjustment.Status.APPLIED
                    ? Optional.of(new AdjustmentPosted(a.adjustmentId(), a.customerId(), a.direction().wireName(),
                    a.amount(), a.reason(), a.requestedBy(), after.approvedBy(), now, after.balance()))
                    : Optional.empty();
            return new Recorded(view(after), event);
        });
    }

    /** The adjustment after the ledger answered, and the event to publish if money moved. */
    public record Recorded(AdjustmentView view, Optional<AdjustmentPosted> event) {
    }

    public List<Adjustment> posting() {
        return store.posting();
    }

    public AdjustmentAnswer view(String adjustmentId) {
        return store.find(adjustmentId).<AdjustmentAnswer>map(AdjustmentsService::view)
                .orElseGet(() -> new AdjustmentNotFound(adjustmentId));
    }

    static AdjustmentView view(Adjustment a) {
        return new AdjustmentView(a.adjustmentId(), a.customerId(), a.direction(), a.amount(), a.reason(),
                a.requestedBy(), a.approvedBy(), a.rejectedBy(), label(a.status()), a.error(), a.balance(),
                a.requestedAt(), a.decidedAt());
    }

    private static String label(Adjustment.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
