package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.kernel.Money;
import java.util.List;
import java.util.Objects;

/**
 * A balanced set of ledger entries applied atomically: the entries always sum to zero, so money
 * is only ever moved between accounts, never created or destroyed.
 *
 * @param postingId unique id; the same id is never posted twice
 * @param reference what caused it, e.g. {@code settlement:PEN_001}
 * @param entries   at least two entries summing to zero
 */
public record Posting(String postingId, String reference, List<Entry> entries) {

    public Posting {
        if (postingId == null || postingId.isBlank()) {
            throw new IllegalArgumentException("postingId must not be blank");
        }
        Objects.requireNonNull(reference, "reference");
        entries = List.copyOf(entries);
        if (entries.size() < 2) {
            throw new IllegalArgumentException("a posting needs at least two entries, got " + entries.size());
        }
        Money sum = entries.stream().map(Entry::amount).reduce(Money.ZERO, Money::plus);
        if (!sum.isZero()) {
            throw new IllegalArgumentException("posting " + postingId + " is unbalanced by " + sum);
        }
    }

    /** Moves {@code amount} from one account to another. */
    public static Posting transfer(String postingId, String reference, AccountId from, AccountId to, Money amount) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("transfer amount must be positive, was " + amount);
        }
        return new Posting(postingId, reference, List.of(new Entry(from, amount.negate()), new Entry(to, amount)));
    }

    /** The net change this posting makes to {@code account}. */
    public Money changeTo(AccountId account) {
        return entries.stream().filter(e -> e.account().equals(account)).map(Entry::amount)
                .reduce(Money.ZERO, Money::plus);
    }
}
