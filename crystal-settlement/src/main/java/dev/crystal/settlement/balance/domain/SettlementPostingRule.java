package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.contracts.SettlementType;

/**
 * How a settlement moves money: a payout moves house → customer; a collection moves customer →
 * house and is refused when it exceeds the customer's available cash.
 */
public final class SettlementPostingRule {
    private SettlementPostingRule() {
    }

    public static String postingIdFor(String settlementId) {
        return "settlement:" + settlementId;
    }

    public static AccountId payer(SettlementType type, String customerId) {
        return type == SettlementType.PAYOUT ? AccountId.HOUSE : AccountId.customer(customerId);
    }

    public static AccountId payee(SettlementType type, String customerId) {
        return type == SettlementType.PAYOUT ? AccountId.customer(customerId) : AccountId.HOUSE;
    }
}
