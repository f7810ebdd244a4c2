package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;

/** Messages the collections domain accepts. */
public sealed interface CollectionsCommand
        permits CollectionsCommand.ProcessSettlement, CollectionsCommand.GetSettlement,
        CollectionsCommand.ResumeSettlement, CollectionsCommand.RetrySettlement, CollectionsCommand.ResumePending {

    /** Processes a settlement; re-sending the same settlement returns the original outcome. */
    record ProcessSettlement(SettlementRequest request) implements CollectionsCommand, Request<SettlementOutcome> {
    }

    /** Looks a settlement up by id. */
    record GetSettlement(String settlementId) implements CollectionsCommand, Request<SettlementLookup> {
    }

    /** Asks collections to finish a pending settlement (after a restart or a ledger timeout). */
    record ResumeSettlement(String settlementId) implements CollectionsCommand {
    }

    /**
     * Asks collections to finish every pending settlement it is not already finishing: those another node (or an
     * earlier run) admitted and could not finish. Collections sends it to itself periodically.
     */
    record ResumePending() implements CollectionsCommand {
    }

    /** Tries a failed settlement again once its retry is due. */
    record RetrySettlement(String settlementId) implements CollectionsCommand {
    }
}
