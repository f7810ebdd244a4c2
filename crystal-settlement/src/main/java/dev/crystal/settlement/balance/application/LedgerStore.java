package dev.crystal.settlement.balance.application;

import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Hold;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.LedgerLine;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The balance domain's storage port. Every method is atomic; implementations are used by the
 * balance worker's thread only.
 */
public interface LedgerStore {

    /** A posting as recorded: when, and each touched account's balance right after it. */
    record RecordedPosting(String postingId, Instant postedAt, Map<AccountId, Money> balancesAfter) {
    }

    boolean exists(AccountId account);

    /** Current balance, or empty if the account does not exist. */
    Optional<Money> balance(AccountId account);

    /**
     * Creates the account and, when {@code funding} is present, applies it, atomically.
     * Platform, affiliate and bonus accounts named by a posting are created on first use.
     */
    void open(AccountId account, Optional<Posting> funding);

    /** The posting with this id, if it was ever applied. */
    Optional<RecordedPosting> posting(String postingId);

    /** Applies a balanced posting atomically. */
    RecordedPosting append(Posting posting);

    /** Sum of every account's balance; zero while the ledger is consistent. */
    Money totalOfAllAccounts();

    /** Sum of the customer's ACTIVE holds. */
    Money held(String customerId);

    Optional<Hold> hold(String holdId);

    void insertHold(Hold hold);

    /** Records a released hold. */
    void updateHold(Hold hold);

    /** Records a captured hold together with its posting, atomically. */
    RecordedPosting capture(Hold captured, Posting posting);

    /** Lines of an account's history older than {@code beforeCursor} (0 = from the newest), newest first. */
    List<LedgerLine> lines(AccountId account, long beforeCursor, int limit);

    /** The owners of the {@code limit} customer cash accounts with the most recent entries, newest first. */
    List<String> mostRecentlyActiveCustomers(int limit);

    /**
     * Settlement postings ({@code settlement:<id>}) older than {@code beforeCursor} (0 = from the newest), newest
     * first, each with its customer entry.
     */
    List<BalanceReply.SettlementPosting> settlementPostings(long beforeCursor, int limit);
}
