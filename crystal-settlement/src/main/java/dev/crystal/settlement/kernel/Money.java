package dev.crystal.settlement.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of money with exactly two decimals, held as integer minor units (cents).
 * Never binary floating point. Negative amounts are allowed (ledger entries, balances); use
 * {@link #parsePositive} to accept an amount from outside.
 *
 * @param minor amount in minor units
 */
public record Money(long minor) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    /** Money in this platform has two decimals. */
    public static final int SCALE = 2;

    /** Exact conversion; fails if {@code amount} has more than two decimals or overflows. */
    public static Money of(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal normalized = amount.stripTrailingZeros();
        if (normalized.scale() > SCALE) {
            throw new IllegalArgumentException("more than " + SCALE + " decimals: " + amount.toPlainString());
        }
        return new Money(amount.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
    }

    /** Shorthand for {@code of(new BigDecimal(text))}. */
    public static Money of(String text) {
        return of(new BigDecimal(text));
    }

    public static Money ofMinor(long minor) {
        return new Money(minor);
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(minor, SCALE);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(minor, other.minor));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(minor, other.minor));
    }

    public Money negate() {
        return new Money(Math.negateExact(minor));
    }

    public boolean isPositive() {
        return minor > 0;
    }

    public boolean isNegative() {
        return minor < 0;
    }

    public boolean isZero() {
        return minor == 0;
    }

    public boolean lessThan(Money other) {
        return minor < other.minor;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(minor, other.minor);
    }

    /** Plain decimal text with two decimals, e.g. {@code "166.67"}. */
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
