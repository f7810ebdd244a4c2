package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;

/** Answers of the balance domain, grouped by the request they answer. */
public final class BalanceReply {
    private BalanceReply() {
    }

    /** Answer to {@link BalanceCommand.OpenAccount}. */
    public sealed interface Opening permits AccountOpened, AccountAlreadyExists {
    }

    /** Answer to {@link BalanceCommand.PostSettlement}. */
    public sealed interface Posting permits Posted, InsufficientFunds, UnknownCustomer {
    }

    /** Answer to {@link BalanceCommand.GetBalance}. */
    public sealed interface Lookup permits CustomerBalance, UnknownCustomer {
    }

    public record AccountOpened(String customerId, Money balance) implements Opening {
    }

    public record AccountAlreadyExists(String customerId) implements Opening {
    }

    /** The settlement was posted (now or earlier: posting is idempotent). */
    public record Posted(String settlementId, String customerId, Money balanceAfter) implements Posting {
    }

    /** A collection larger than the customer's balance; nothing was posted. */
    public record InsufficientFunds(Money balance, Money required, Money shortfall) implements Posting {
    }

    public record UnknownCustomer(String customerId) implements Posting, Lookup {
    }

    public record CustomerBalance(String customerId, Money balance) implements Lookup {
    }
}
