package dev.crystal.settlement.balance.domain;

/** Roles of ledger accounts. Only customer cash accounts may never go below zero. */
public enum AccountKind {
    CUSTOMER, HOUSE, EXTERNAL
}
