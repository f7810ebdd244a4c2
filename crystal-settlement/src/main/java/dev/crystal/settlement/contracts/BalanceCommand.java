package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import dev.crystal.settlement.kernel.Money;

/** Messages the balance domain accepts. */
public sealed interface BalanceCommand
        permits BalanceCommand.OpenAccount, BalanceCommand.PostSettlement, BalanceCommand.GetBalance {

    /** Opens a customer account funded with {@code openingBalance} from outside the platform. */
    record OpenAccount(String customerId, Money openingBalance) implements BalanceCommand, Request<BalanceReply.Opening> {
    }

    /** Moves a settlement's money between the customer and the house; idempotent by settlement id. */
    record PostSettlement(String settlementId, String customerId, SettlementType type, Money amount)
            implements BalanceCommand, Request<BalanceReply.Posting> {
    }

    /** Asks for a customer's current cash balance. */
    record GetBalance(String customerId) implements BalanceCommand, Request<BalanceReply.Lookup> {
    }
}
