package dev.crystal.settlement.balance.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A ledger account: whose money it is and in which role.
 *
 * @param kind  the role of the account
 * @param owner the owner's id (customer id), or a fixed name for platform accounts
 */
public record AccountId(AccountKind kind, String owner) {

    /** The house's own cash: the other side of every settlement. */
    public static final AccountId HOUSE = new AccountId(AccountKind.HOUSE, "house");
    /** Money that entered or left the platform from outside (opening deposits). */
    public static final AccountId EXTERNAL_FUNDING = new AccountId(AccountKind.EXTERNAL, "funding");

    public AccountId {
        Objects.requireNonNull(kind, "kind");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("account owner must not be blank");
        }
    }

    public static AccountId customer(String customerId) {
        return new AccountId(AccountKind.CUSTOMER, customerId);
    }

    public static AccountId bonus(String customerId) {
        return new AccountId(AccountKind.BONUS, customerId);
    }

    public static AccountId affiliate(String affiliateId) {
        return new AccountId(AccountKind.AFFILIATE, affiliateId);
    }

    /** The customer whose money this account holds, for customer cash and bonus accounts. */
    public Optional<String> customerId() {
        return kind.mustStayCovered() ? Optional.of(owner) : Optional.empty();
    }

    /** Stable text key, e.g. {@code customer:CUST_001}. */
    public String key() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + owner;
    }

    /** Reverses {@link #key()}. */
    public static AccountId parse(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an account key: " + key);
        }
        return new AccountId(AccountKind.valueOf(key.substring(0, colon).toUpperCase(Locale.ROOT)),
                key.substring(colon + 1));
    }

    @Override
    public String toString() {
        return key();
    }
}
