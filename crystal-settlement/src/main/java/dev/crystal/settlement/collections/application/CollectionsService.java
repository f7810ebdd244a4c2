package dev.crystal.settlement.collections.application;

import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The collections domain's use cases: admitting settlements idempotently and recording what the
 * ledger answered. Thread ownership: the collections worker's thread.
 */
public final class CollectionsService {
    private final SettlementStore store;

    public CollectionsService(SettlementStore store) {
        this.store = store;
    }

    public Admission admit(SettlementRequest request, String correlationId, Instant now) {
        Optional<Settlement> existing = store.find(request.settlementId());
        if (existing.isEmpty()) {
            Settlement settlement = Settlement.received(request, correlationId, now);
            store.insert(settlement);
            return new Admission.Accepted(settlement);
        }
        Settlement known = existing.get();
        if (!known.request().fingerprint().equals(request.fingerprint())) {
            return new Admission.Conflicting(new SettlementOutcome.Conflict(request.settlementId(),
                    "settlement " + request.settlementId() + " was already submitted with different fields"));
        }
        return known.isFinal() ? new Admission.AlreadyDone(known.outcome()) : new Admission.InProgress(known);
    }

    /**
     * Records the ledger's answer for a pending settlement and returns the final outcome, or
     * empty if the settlement was already final (a late duplicate answer changes nothing).
     */
    public Optional<SettlementOutcome> recordLedgerAnswer(String settlementId, BalanceReply.Posting answer,
                                                          Instant now) {
        Optional<Settlement> found = store.find(settlementId);
        if (found.isEmpty() || found.get().isFinal()) {
            return Optional.empty();
        }
        Settlement pending = found.get();
        return Optional.of(switch (answer) {
            case BalanceReply.Posted posted -> {
                Settlement done = pending.complete(posted.balanceAfter(), now);
                store.update(done);
                yield done.outcome();
            }
            case BalanceReply.InsufficientFunds refused -> {
                Settlement failed = pending.fail(Settlement.INSUFFICIENT_FUNDS,
                        new ErrorDetails(refused.balance(), refused.required(), refused.shortfall()),
                        refused.balance(), now);
                store.update(failed);
                yield failed.outcome();
            }
            case BalanceReply.UnknownCustomer unknown -> {
                store.deletePending(settlementId);
                yield new SettlementOutcome.CustomerNotFound(settlementId, unknown.customerId());
            }
        });
    }

    public Optional<Settlement> find(String settlementId) {
        return store.find(settlementId);
    }

    public List<Settlement> pending() {
        return store.pending();
    }
}
