package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Request;
import dev.crystal.settlement.kernel.Money;

/** Messages the balance domain accepts. Every command that moves money is idempotent by its id. */
public sealed interface BalanceCommand permits BalanceCommand.OpenAccount, BalanceCommand.PostSettlement,
        BalanceCommand.PostTransfer, BalanceCommand.PlaceHold, BalanceCommand.ReleaseHold,
        BalanceCommand.CaptureHold, BalanceCommand.GetBalance, BalanceCommand.GetLedger,
        BalanceCommand.GetAccountBalance, BalanceCommand.GetActiveCustomers, BalanceCommand.GetSettlementPostings {

    /** Opens a customer account funded with {@code openingBalance} from outside the platform. */
    record OpenAccount(String customerId, Money openingBalance) implements BalanceCommand, Request<BalanceReply.Opening> {
    }

    /** Moves a settlement's money between the customer and the house; idempotent by settlement id. */
    record PostSettlement(String settlementId, String customerId, SettlementType type, Money amount)
            implements BalanceCommand, Request<BalanceReply.Posting> {
    }

    /**
     * Moves {@code amount} from one account to another in one posting; idempotent by
     * {@code postingId}. Customer cash and bonus accounts are refused (InsufficientFunds) rather
     * than taken below their available balance.
     */
    record PostTransfer(String postingId, String reference, LedgerAccount from, LedgerAccount to, Money amount)
            implements BalanceCommand, Request<BalanceReply.Posting> {
    }

    /** Reserves part of a customer's cash: it stays in the account but cannot be collected. */
    record PlaceHold(String holdId, String customerId, Money amount, String reason)
            implements BalanceCommand, Request<BalanceReply.HoldAnswer> {
    }

    /** Frees a hold without moving money. */
    record ReleaseHold(String holdId, String customerId) implements BalanceCommand, Request<BalanceReply.HoldAnswer> {
    }

    /** Turns a hold into a collection: the held money moves to the house. */
    record CaptureHold(String holdId, String customerId) implements BalanceCommand, Request<BalanceReply.HoldAnswer> {
    }

    /** Asks for a customer's balances. */
    record GetBalance(String customerId) implements BalanceCommand, Request<BalanceReply.Lookup> {
    }

    /** Asks for any account's balance (house, affiliate…), zero if never used. */
    record GetAccountBalance(LedgerAccount account) implements BalanceCommand, Request<BalanceReply.AccountBalance> {
    }

    /** Asks for one page of an account's history, newest first, older than {@code beforeCursor} (0 = newest). */
    record GetLedger(String customerId, LedgerAccount.Type account, long beforeCursor, int limit)
            implements BalanceCommand, Request<BalanceReply.LedgerAnswer> {
    }

    /** Asks for the {@code limit} customers whose cash moved most recently, newest first (to warm a read cache). */
    record GetActiveCustomers(int limit) implements BalanceCommand, Request<BalanceReply.ActiveCustomers> {
        public GetActiveCustomers {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative, was " + limit);
            }
        }
    }

    /**
     * Asks for one page of settlement postings (ids {@code settlement:<id>}), newest first, older than
     * {@code beforeCursor} (0 = newest): collections finds postings whose settlement row a crash lost.
     */
    record GetSettlementPostings(long beforeCursor, int limit)
            implements BalanceCommand, Request<BalanceReply.SettlementPostings> {
        public GetSettlementPostings {
            if (beforeCursor < 0 || limit < 1) {
                throw new IllegalArgumentException("beforeCursor must not be negative and limit must be positive, was "
                        + beforeCursor + " and " + limit);
            }
        }
    }
}
