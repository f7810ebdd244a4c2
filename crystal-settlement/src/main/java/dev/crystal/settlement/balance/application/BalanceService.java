package dev.crystal.settlement.balance.application;

import dev.crystal.settlement.balance.application.LedgerStore.RecordedPosting;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.AccountKind;
import dev.crystal.settlement.balance.domain.Hold;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.balance.domain.SettlementPostingRule;
import dev.crystal.settlement.balance.domain.TransferRule;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.LedgerLine;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The balance domain's use cases: accounts, idempotent postings, holds and history.
 * Thread ownership: used only by the balance worker's thread, which makes each check-then-post
 * sequence safe without locks.
 */
public final class BalanceService {
    private final LedgerStore store;

    public BalanceService(LedgerStore store) {
        this.store = store;
    }

    public BalanceReply.Opening openAccount(String customerId, Money openingBalance) {
        AccountId account = AccountId.customer(customerId);
        if (store.exists(account)) {
            return new BalanceReply.AccountAlreadyExists(customerId);
        }
        if (openingBalance.isNegative()) {
            throw new IllegalArgumentException("opening balance must not be negative");
        }
        Optional<Posting> funding = openingBalance.isPositive()
                ? Optional.of(Posting.transfer("open:" + customerId, "opening balance of " + customerId,
                AccountId.EXTERNAL_FUNDING, account, openingBalance))
                : Optional.empty();
        store.open(account, funding);
        return new BalanceReply.AccountOpened(customerId, openingBalance);
    }

    /** Posts a settlement once; a repeat returns what was recorded and moves nothing. */
    public BalanceReply.Posting postSettlement(String settlementId, String customerId, SettlementType type,
                                               Money amount, Consumer<BalanceUpdated> events) {
        return transfer(SettlementPostingRule.postingIdFor(settlementId), SettlementPostingRule.postingIdFor(settlementId),
                SettlementPostingRule.payer(type, customerId), SettlementPostingRule.payee(type, customerId), amount,
                events);
    }

    /** Moves money between two accounts once per posting id. */
    public BalanceReply.Posting transfer(String postingId, String reference, LedgerAccount from, LedgerAccount to,
                                         Money amount, Consumer<BalanceUpdated> events) {
        return transfer(postingId, reference, accountOf(from), accountOf(to), amount, events);
    }

    private BalanceReply.Posting transfer(String postingId, String reference, AccountId from, AccountId to,
                                          Money amount, Consumer<BalanceUpdated> events) {
        AccountId reported = reportedAccount(from, to);
        Optional<RecordedPosting> already = store.posting(postingId);
        if (already.isPresent()) {
            return posted(already.get(), reported);
        }
        for (AccountId side : List.of(from, to)) {
            Optional<String> customer = side.customerId();
            if (customer.isPresent() && !store.exists(AccountId.customer(customer.get()))) {
                return new BalanceReply.UnknownCustomer(customer.get());
            }
        }
        Money available = available(from);
        return switch (TransferRule.decide(postingId, reference, from, to, amount, available)) {
            case TransferRule.Decision.Refuse refuse -> new BalanceReply.InsufficientFunds(refuse.available(),
                    refuse.required(), refuse.shortfall());
            case TransferRule.Decision.Allow allow -> {
                Map<AccountId, Money> before = Map.of(from, store.balance(from).orElse(Money.ZERO),
                        to, store.balance(to).orElse(Money.ZERO));
                RecordedPosting recorded = store.append(allow.posting());
                announce(recorded, before, events);
                yield posted(recorded, reported);
            }
        };
    }

    private Money available(AccountId account) {
        Money balance = store.balance(account).orElse(Money.ZERO);
        return account.kind() == AccountKind.CUSTOMER ? balance.minus(store.held(account.owner())) : balance;
    }

    private static void announce(RecordedPosting recorded, Map<AccountId, Money> before, Consumer<BalanceUpdated> events) {
        recorded.balancesAfter().forEach((account, after) -> account.customerId().ifPresent(customer ->
                events.accept(new BalanceUpdated(customer, account.kind() == AccountKind.BONUS
                        ? LedgerAccount.Type.CUSTOMER_BONUS : LedgerAccount.Type.CUSTOMER_CASH,
                        before.getOrDefault(account, Money.ZERO), after, recorded.postingId()))));
    }

    /** The account whose balance a caller cares about: the non-house side, preferring the receiver. */
    private static AccountId reportedAccount(AccountId from, AccountId to) {
        return to.kind() == AccountKind.HOUSE || to.kind() == AccountKind.EXTERNAL ? from : to;
    }

    private static BalanceReply.Posted posted(RecordedPosting recorded, AccountId reported) {
        return new BalanceReply.Posted(recorded.postingId(), reported.owner(),
                recorded.balancesAfter().getOrDefault(reported, Money.ZERO), recorded.postedAt());
    }

    static AccountId accountOf(LedgerAccount account) {
        return switch (account.type()) {
            case CUSTOMER_CASH -> AccountId.customer(account.owner());
            case CUSTOMER_BONUS -> AccountId.bonus(account.owner());
            case AFFILIATE -> AccountId.affiliate(account.owner());
            case HOUSE -> AccountId.HOUSE;
        };
    }

    // ---- holds ----

    public BalanceReply.HoldAnswer placeHold(String holdId, String customerId, Money amount, String reason) {
        Optional<Hold> existing = store.hold(holdId);
        if (existing.isPresent()) {
            Hold h = existing.get();
            boolean same = h.customerId().equals(customerId) && h.amount().equals(amount);
            return same ? holdView(h) : new BalanceReply.HoldConflict(holdId,
                    "hold " + holdId + " already exists with different fields");
        }
        AccountId cash = AccountId.customer(customerId);
        if (!store.exists(cash)) {
            return new BalanceReply.UnknownCustomer(customerId);
        }
        Money available = available(cash);
        if (available.lessThan(amount)) {
            return new BalanceReply.InsufficientFunds(available, amount, amount.minus(available));
        }
        Hold hold = new Hold(holdId, customerId, amount, reason, Hold.Status.ACTIVE);
        store.insertHold(hold);
        return holdView(hold);
    }

    public BalanceReply.HoldAnswer releaseHold(String holdId, String customerId) {
        return withActiveHold(holdId, customerId, hold -> {
            Hold released = hold.released();
            store.updateHold(released);
            return holdView(released);
        });
    }

    public BalanceReply.HoldAnswer captureHold(String holdId, String customerId, Consumer<BalanceUpdated> events) {
        return withActiveHold(holdId, customerId, hold -> {
            Hold captured = hold.captured();
            AccountId cash = AccountId.customer(customerId);
            Map<AccountId, Money> before = Map.of(cash, store.balance(cash).orElse(Money.ZERO));
            RecordedPosting recorded = store.capture(captured, hold.capturePosting());
            announce(recorded, before, events);
            return holdView(captured);
        });
    }

    private BalanceReply.HoldAnswer withActiveHold(String holdId, String customerId,
                                                   Function<Hold, BalanceReply.HoldAnswer> action) {
        Optional<Hold> found = store.hold(holdId).filter(h -> h.customerId().equals(customerId));
        if (found.isEmpty()) {
            return new BalanceReply.HoldNotFound(holdId);
        }
        Hold hold = found.get();
        if (hold.status() != Hold.Status.ACTIVE) {
            // Repeating the same release/capture is answered with the recorded state.
            return holdView(hold);
        }
        return action.apply(hold);
    }

    private BalanceReply.HoldView holdView(Hold hold) {
        AccountId cash = AccountId.customer(hold.customerId());
        Money balance = store.balance(cash).orElse(Money.ZERO);
        return new BalanceReply.HoldView(hold.holdId(), hold.customerId(), hold.amount(), hold.reason(),
                hold.status().name().toLowerCase(Locale.ROOT), balance, available(cash));
    }

    // ---- queries ----

    public BalanceReply.Lookup balanceOf(String customerId) {
        AccountId cash = AccountId.customer(customerId);
        Optional<Money> balance = store.balance(cash);
        if (balance.isEmpty()) {
            return new BalanceReply.UnknownCustomer(customerId);
        }
        Money held = store.held(customerId);
        return new BalanceReply.CustomerBalance(customerId, balance.get(), held, balance.get().minus(held),
                store.balance(AccountId.bonus(customerId)).orElse(Money.ZERO));
    }

    /** One page of settlement postings, newest first, older than {@code beforeCursor} (0 = newest). */
    public BalanceReply.SettlementPostings settlementPostings(long beforeCursor, int limit) {
        List<BalanceReply.SettlementPosting> page = store.settlementPostings(beforeCursor, limit + 1);
        if (page.size() <= limit) {
            return new BalanceReply.SettlementPostings(page, null);
        }
        List<BalanceReply.SettlementPosting> shown = page.subList(0, limit);
        return new BalanceReply.SettlementPostings(shown, shown.get(limit - 1).cursor());
    }

    /** The {@code limit} customers whose cash moved most recently, newest first. */
    public List<String> mostRecentlyActive(int limit) {
        return limit == 0 ? List.of() : store.mostRecentlyActiveCustomers(limit);
    }

    public BalanceReply.AccountBalance accountBalance(LedgerAccount account) {
        return new BalanceReply.AccountBalance(account, store.balance(accountOf(account)).orElse(Money.ZERO));
    }

    public BalanceReply.LedgerAnswer ledger(String customerId, LedgerAccount.Type type, long beforeCursor, int limit) {
        if (!store.exists(AccountId.customer(customerId))) {
            return new BalanceReply.UnknownCustomer(customerId);
        }
        AccountId account = accountOf(new LedgerAccount(type, customerId));
        List<LedgerLine> lines = store.lines(account, beforeCursor, limit + 1);
        Long next = null;
        if (lines.size() > limit) {
            lines = lines.subList(0, limit);
            next = lines.get(limit - 1).cursor();
        }
        return new BalanceReply.LedgerPage(customerId, type, List.copyOf(lines), next);
    }
}
