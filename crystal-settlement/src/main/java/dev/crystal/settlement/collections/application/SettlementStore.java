package dev.crystal.settlement.collections.application;

import dev.crystal.settlement.collections.domain.Settlement;
import java.util.List;
import java.util.Optional;

/** The collections domain's storage port. Used by the collections worker's thread only. */
public interface SettlementStore {

    Optional<Settlement> find(String settlementId);

    /** Records a new settlement; the id must not exist yet. */
    void insert(Settlement settlement);

    /** Replaces the stored settlement with the same id. */
    void update(Settlement settlement);

    /** Removes a pending settlement that moved no money (e.g. its customer does not exist). */
    void deletePending(String settlementId);

    /** Settlements still waiting for the ledger, oldest first (finished after a restart). */
    List<Settlement> pending();

    /** Failed settlements with a retry planned, soonest first. */
    List<Settlement> awaitingRetry();
}
