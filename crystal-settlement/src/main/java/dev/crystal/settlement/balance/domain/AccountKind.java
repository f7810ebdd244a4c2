package dev.crystal.settlement.balance.domain;

/** Roles of ledger accounts. Customer cash and bonus accounts may never go below zero. */
public enum AccountKind {
    CUSTOMER, BONUS, AFFILIATE, HOUSE, EXTERNAL;

    /** {@code true} for accounts holding a customer's money, which must never go negative. */
    public boolean mustStayCovered() {
        return this == CUSTOMER || this == BONUS;
    }
}
