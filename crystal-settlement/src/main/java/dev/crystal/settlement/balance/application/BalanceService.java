package dev.crystal.settlement.balance.application;

import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.balance.domain.SettlementPostingRule;
import dev.crystal.settlement.balance.domain.SettlementPostingRule.Decision;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The balance domain's use cases. Thread ownership: used only by the balance worker's thread,
 * which makes each check-then-post sequence safe without locks.
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

    /**
     * Posts a settlement once. A repeated request for an already posted settlement returns the
     * balance recorded at the time and posts nothing.
     */
    public BalanceReply.Posting postSettlement(String settlementId, String customerId, SettlementType type,
                                               Money amount, Consumer<BalanceUpdated> onBalanceUpdated) {
        AccountId customer = AccountId.customer(customerId);
        String postingId = SettlementPostingRule.postingIdFor(settlementId);
        Optional<Money> already = store.balanceAfter(postingId, customer);
        if (already.isPresent()) {
            return new BalanceReply.Posted(settlementId, customerId, already.get());
        }
        Optional<Money> balance = store.balance(customer);
        if (balance.isEmpty()) {
            return new BalanceReply.UnknownCustomer(customerId);
        }
        Decision decision = SettlementPostingRule.decide(settlementId, customerId, type, amount, balance.get());
        return switch (decision) {
            case Decision.Refuse refuse -> new BalanceReply.InsufficientFunds(refuse.balance(), refuse.required(),
                    refuse.shortfall());
            case Decision.Post post -> {
                Money after = store.append(post.posting()).get(customer);
                onBalanceUpdated.accept(new BalanceUpdated(customerId, balance.get(), after, postingId));
                yield new BalanceReply.Posted(settlementId, customerId, after);
            }
        };
    }

    public BalanceReply.Lookup balanceOf(String customerId) {
        return store.balance(AccountId.customer(customerId))
                .<BalanceReply.Lookup>map(b -> new BalanceReply.CustomerBalance(customerId, b))
                .orElseGet(() -> new BalanceReply.UnknownCustomer(customerId));
    }
}
