package dev.crystal.settlement.contracts;

/** Answer to {@link CollectionsCommand.GetSettlement}. */
public sealed interface SettlementLookup {
    record Found(SettlementView settlement) implements SettlementLookup {
    }

    record NotFound(String settlementId) implements SettlementLookup {
    }
}
