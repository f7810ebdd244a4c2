package dev.crystal.settlement.collections.application;

import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.collections.domain.SettlementFailure;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The collections domain's use cases: admitting settlements idempotently, recording what the
 * ledger answered, and retrying failed collections. Thread ownership: the collections worker's thread.
 */
public final class CollectionsService {
    private final SettlementStore store;
    private final RetryPolicy retryPolicy;

    public CollectionsService(SettlementStore store, RetryPolicy retryPolicy) {
        this.store = store;
        this.retryPolicy = retryPolicy;
    }

    public Admission admit(SettlementRequest request, String correlationId, Instant now) {
        Optional<Settlement> existing = store.find(request.settlementId());
        if (existing.isEmpty()) {
            Settlement settlement = Settlement.received(request, correlationId, now);
            store.insert(settlement);
            return new Admission.Accepted(settlement);
        }
        Settlement known = existing.get();
        if (known.isRecoveredFromLedger() && known.movesSameMoneyAs(request)) {
            // Recorded from its posting after a crash: the client's re-send is the same settlement.
            return new Admission.AlreadyDone(known.outcome());
        }
        if (!known.request().fingerprint().equals(request.fingerprint())) {
            return new Admission.Conflicting(new SettlementOutcome.Conflict(request.settlementId(),
                    "settlement " + request.settlementId() + " was already submitted with different fields"));
        }
        return known.hasOutcome() ? new Admission.AlreadyDone(known.outcome()) : new Admission.InProgress(known);
    }

    /**
     * Records the ledger's answer for a pending settlement and returns the settlement as it now
     * stands with its outcome, or empty if it was not pending (a late duplicate answer changes nothing).
     * A completion is derived from the posting alone (confirmation number and time from {@code postedAt}), as
     * {@link #recoverOrphans} and a re-ask after a restart derive it: whichever records it, the outcome is the same.
     */
    public Optional<Recorded> recordLedgerAnswer(String settlementId, BalanceReply.Posting answer, Instant now) {
        Optional<Settlement> found = store.find(settlementId);
        if (found.isEmpty() || found.get().hasOutcome()) {
            return Optional.empty();
        }
        Settlement pending = found.get();
        return Optional.of(switch (answer) {
            case BalanceReply.Posted posted -> {
                // Derived from the posting alone (its time and balance, not this turn's clock): the same outcome is
                // derived again after a crash that loses this row, so it may be answered before it commits here.
                Settlement done = pending.complete(posted.balanceAfter(), posted.postedAt());
                store.update(done);
                yield new Recorded(Optional.of(done), done.outcome());
            }
            case BalanceReply.InsufficientFunds refused -> {
                Settlement failed = pending.fail(new SettlementFailure.InsufficientFunds(refused.balance(),
                        refused.required(), refused.shortfall()), retryPolicy, now);
                store.update(failed);
                yield new Recorded(Optional.of(failed), failed.outcome());
            }
            case BalanceReply.UnknownCustomer unknown -> {
                store.deletePending(settlementId);
                yield new Recorded(Optional.empty(),
                        new SettlementOutcome.CustomerNotFound(settlementId, unknown.customerId()));
            }
        });
    }

    /**
     * Records, as COMPLETED, each of {@code postings} whose settlement has no row here (its row was lost in a crash
     * after its request to the ledger left, docs/reliability.md): the money moved once, nothing moves again.
     * Returns the settlements it recorded; postings whose settlement is known change nothing.
     */
    public List<Settlement> recoverOrphans(List<BalanceReply.SettlementPosting> postings, Instant now) {
        List<Settlement> recovered = new ArrayList<>();
        for (BalanceReply.SettlementPosting posting : postings) {
            if (store.find(posting.settlementId()).isEmpty()) {
                Settlement settlement = Settlement.recovered(posting, now);
                store.insert(settlement);
                recovered.add(settlement);
            }
        }
        return recovered;
    }

    /** A settlement after the ledger answered (empty when it was forgotten), and its outcome. */
    public record Recorded(Optional<Settlement> settlement, SettlementOutcome outcome) {
    }

    /** Moves a failed settlement whose retry is due back to PENDING; empty if none is due. */
    public Optional<Settlement> startRetry(String settlementId, Instant now) {
        return store.find(settlementId).filter(s -> s.retryDue(now)).map(s -> {
            Settlement retrying = s.retry(now);
            store.update(retrying);
            return retrying;
        });
    }

    public Optional<Settlement> find(String settlementId) {
        return store.find(settlementId);
    }

    public List<Settlement> pending() {
        return store.pending();
    }

    public List<Settlement> awaitingRetry() {
        return store.awaitingRetry();
    }
}
