package dev.crystal.settlement.balance.application;

import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.kernel.Money;
import java.util.Map;
import java.util.Optional;

/**
 * The balance domain's storage port. Every method is atomic; implementations are used by the
 * balance worker's thread only.
 */
public interface LedgerStore {

    boolean exists(AccountId account);

    /** Current balance, or empty if the account does not exist. */
    Optional<Money> balance(AccountId account);

    /**
     * Creates the account and, when {@code funding} is present, applies it, atomically.
     * Platform accounts named by a posting are created on first use.
     */
    void open(AccountId account, Optional<Posting> funding);

    /** The balance {@code account} had right after posting {@code postingId}, if that posting exists. */
    Optional<Money> balanceAfter(String postingId, AccountId account);

    /** Applies a balanced posting atomically and returns each touched account's new balance. */
    Map<AccountId, Money> append(Posting posting);

    /** Sum of every account's balance; zero while the ledger is consistent. */
    Money totalOfAllAccounts();
}
