package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.kernel.Money;
import java.util.Objects;

/**
 * One line of a posting: {@code amount} is added to the account's balance (negative takes away).
 */
public record Entry(AccountId account, Money amount) {
    public Entry {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(amount, "amount");
        if (amount.isZero()) {
            throw new IllegalArgumentException("a ledger entry must move money");
        }
    }
}
