package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;

/** BALANCE_UPDATED: a customer's cash or bonus balance changed by a posting. */
public record BalanceUpdated(String customerId, LedgerAccount.Type account, Money previousBalance, Money newBalance,
                             String postingId) implements DomainEvent {
}
