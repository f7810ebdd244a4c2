package dev.crystal.settlement.contracts;

import java.util.Locale;
import java.util.Objects;

/**
 * A ledger account as other domains name it when they ask balance to move money.
 *
 * @param type  the account's role
 * @param owner customer or affiliate id; ignored for {@link Type#HOUSE}
 */
public record LedgerAccount(Type type, String owner) {

    /** Account roles other domains may name. */
    public enum Type {
        /** A customer's cash: never below zero. */
        CUSTOMER_CASH,
        /** A customer's bonus funds (free play): never below zero, not withdrawable until redeemed. */
        CUSTOMER_BONUS,
        /** An affiliate's account: commissions paid to the affiliate. */
        AFFILIATE,
        /** The house's own money. */
        HOUSE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final LedgerAccount HOUSE = new LedgerAccount(Type.HOUSE, "house");

    public LedgerAccount {
        Objects.requireNonNull(type, "type");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("account owner must not be blank");
        }
    }

    public static LedgerAccount cash(String customerId) {
        return new LedgerAccount(Type.CUSTOMER_CASH, customerId);
    }

    public static LedgerAccount bonus(String customerId) {
        return new LedgerAccount(Type.CUSTOMER_BONUS, customerId);
    }

    public static LedgerAccount affiliate(String affiliateId) {
        return new LedgerAccount(Type.AFFILIATE, affiliateId);
    }
}
