package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;

/** Answers of the balance domain, grouped by the request they answer. */
public final class BalanceReply {
    private BalanceReply() {
    }

    /** Answer to {@link BalanceCommand.OpenAccount}. */
    public sealed interface Opening permits AccountOpened, AccountAlreadyExists {
    }

    /** Answer to {@link BalanceCommand.PostSettlement} and {@link BalanceCommand.PostTransfer}. */
    public sealed interface Posting permits Posted, InsufficientFunds, UnknownCustomer {
    }

    /** Answer to {@link BalanceCommand.GetBalance}. */
    public sealed interface Lookup permits CustomerBalance, UnknownCustomer {
    }

    /** Answer to the hold commands. */
    public sealed interface HoldAnswer permits HoldView, HoldNotFound, InsufficientFunds, UnknownCustomer,
            HoldConflict {
    }

    /** Answer to {@link BalanceCommand.GetLedger}. */
    public sealed interface LedgerAnswer permits LedgerPage, UnknownCustomer {
    }

    public record AccountOpened(String customerId, Money balance) implements Opening {
    }

    public record AccountAlreadyExists(String customerId) implements Opening {
    }

    /**
     * The money moved (now, or earlier: posting is idempotent). {@code balanceAfter} is the
     * customer-side account's balance right after the posting (the {@code to} account of a
     * transfer unless that is the house, else the {@code from} account).
     */
    public record Posted(String postingId, String customerId, Money balanceAfter, Instant postedAt) implements Posting {
        /** Compatibility shorthand used by settlements. */
        public String settlementId() {
            return postingId.startsWith("settlement:") ? postingId.substring("settlement:".length()) : postingId;
        }
    }

    /** The paying account cannot cover the amount; nothing was posted. */
    public record InsufficientFunds(Money balance, Money required, Money shortfall) implements Posting, HoldAnswer {
    }

    public record UnknownCustomer(String customerId) implements Posting, Lookup, HoldAnswer, LedgerAnswer {
    }

    /**
     * A customer's money.
     *
     * @param balance   cash in the account
     * @param held      part of the cash reserved by holds
     * @param available cash that can be collected ({@code balance - held})
     * @param bonus     bonus funds (free play), not withdrawable until redeemed
     */
    public record CustomerBalance(String customerId, Money balance, Money held, Money available, Money bonus)
            implements Lookup {
    }

    public record AccountBalance(LedgerAccount account, Money balance) {
    }

    public record HoldView(String holdId, String customerId, Money amount, String reason, String status,
                           Money balance, Money available) implements HoldAnswer {
    }

    public record HoldNotFound(String holdId) implements HoldAnswer {
    }

    /** The hold id exists with other fields, or is no longer active. */
    public record HoldConflict(String holdId, String detail) implements HoldAnswer {
    }

    public record LedgerPage(String customerId, LedgerAccount.Type account, List<LedgerLine> lines, Long nextCursor)
            implements LedgerAnswer {
    }

    /**
     * A settlement's posting as the ledger holds it.
     *
     * @param cursor       position for pagination (larger is newer)
     * @param balanceAfter the customer's cash balance right after the posting
     */
    public record SettlementPosting(long cursor, String settlementId, String customerId, SettlementType type,
                                    Money amount, Money balanceAfter, Instant postedAt) {
    }

    /**
     * Answer to {@link BalanceCommand.GetSettlementPostings}: newest first; {@code nextCursor} asks for the next
     * (older) page, {@code null} when there is none.
     */
    public record SettlementPostings(List<SettlementPosting> postings, Long nextCursor) {
        public SettlementPostings {
            postings = List.copyOf(postings);
        }
    }

    /** Answer to {@link BalanceCommand.GetActiveCustomers}: customer ids, most recent ledger activity first. */
    public record ActiveCustomers(List<String> customerIds) {
        public ActiveCustomers {
            customerIds = List.copyOf(customerIds);
        }
    }
}
