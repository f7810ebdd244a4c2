package dev.crystal.settlement.freeplay.domain;

import dev.crystal.settlement.contracts.BonusExpired;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.BonusRedeemed;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A free-play bonus and its state machine. Immutable.
 * <pre>
 * ISSUING ──credited──► ACTIVE ──redeemed to zero──► REDEEMED
 *                         └──expiry passed──► EXPIRING ──forfeit posted──► EXPIRED
 * </pre>
 * Money leaves the bonus account only by redemption (to cash, once wagering is met) or forfeit (to the house).
 */
public record Bonus(BonusIssued terms, Status status, Money wagered, Money redeemed, Money forfeited,
                    Instant issuedAt, Instant closedAt) {

    public enum Status { ISSUING, ACTIVE, REDEEMED, EXPIRING, EXPIRED }

    public Bonus {
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(status, "status");
        if (!terms.amount().isPositive()) {
            throw new IllegalArgumentException("bonus amount must be positive");
        }
        if (terms.wageringRequirement() < 0) {
            throw new IllegalArgumentException("wagering requirement must not be negative");
        }
    }

    public static Bonus issuing(BonusIssued terms, Instant at) {
        return new Bonus(terms, Status.ISSUING, Money.ZERO, Money.ZERO, Money.ZERO, at, null);
    }

    public String id() {
        return terms.transactionId();
    }

    /** Bonus money still in the bonus account. */
    public Money remaining() {
        return terms.amount().minus(redeemed).minus(forfeited);
    }

    /** amount × wagering requirement. */
    public Money wageringRequired() {
        return Money.ofMinor(Math.multiplyExact(terms.amount().minor(), terms.wageringRequirement()));
    }

    public boolean wageringMet() {
        return wagered.compareTo(wageringRequired()) >= 0;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(terms.expiresAt());
    }

    public Bonus credited(Instant at) {
        require(Status.ISSUING, "credit");
        return new Bonus(terms, Status.ACTIVE, wagered, redeemed, forfeited, at, null);
    }

    public Bonus wager(Money stake) {
        require(Status.ACTIVE, "wager on");
        return new Bonus(terms, status, wagered.plus(stake), redeemed, forfeited, issuedAt, closedAt);
    }

    /** Why a redemption of {@code amount} cannot happen at {@code now}, or empty when it can. */
    public Optional<RedemptionRefusal> redemptionRefusal(Money amount, Instant now) {
        if (status != Status.ACTIVE) {
            return Optional.of(new RedemptionRefusal.NotActive(status));
        }
        if (expiredAt(now)) {
            return Optional.of(new RedemptionRefusal.Expired(terms.expiresAt()));
        }
        if (!wageringMet()) {
            return Optional.of(new RedemptionRefusal.WageringNotMet(wagered, wageringRequired(),
                    terms.wageringRequirement(), terms.amount()));
        }
        if (!amount.isPositive() || remaining().lessThan(amount)) {
            return Optional.of(new RedemptionRefusal.AmountExceedsRemaining(amount, remaining()));
        }
        return Optional.empty();
    }

    public Bonus redeemed(Money amount, Instant at) {
        require(Status.ACTIVE, "redeem");
        Money total = redeemed.plus(amount);
        boolean done = total.equals(terms.amount().minus(forfeited));
        return new Bonus(terms, done ? Status.REDEEMED : Status.ACTIVE, wagered, total, forfeited, issuedAt,
                done ? at : null);
    }

    public Bonus expiring() {
        require(Status.ACTIVE, "expire");
        return new Bonus(terms, Status.EXPIRING, wagered, redeemed, forfeited, issuedAt, null);
    }

    public Bonus expired(Instant at) {
        require(Status.EXPIRING, "forfeit");
        return new Bonus(terms, Status.EXPIRED, wagered, redeemed, remaining(), issuedAt, at);
    }

    private void require(Status expected, String action) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + action + " bonus " + id() + " in state " + status);
        }
    }

    public BonusRedeemed redemptionEvent(Money amount, Instant at) {
        return new BonusRedeemed(id(), terms.customerId(), amount, wagered, remaining(),
                status == Status.REDEEMED ? "redeemed" : "partially_redeemed", at);
    }

    public BonusExpired expiryEvent() {
        return new BonusExpired(id(), terms.customerId(), forfeited, closedAt);
    }

    /** Same terms as a new request with the same id (so a re-send is not a conflict). */
    public boolean sameTermsAs(BonusIssued other) {
        return terms.equals(other);
    }
}
