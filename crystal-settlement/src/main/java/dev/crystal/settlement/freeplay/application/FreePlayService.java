package dev.crystal.settlement.freeplay.application;

import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BonusExpired;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.BonusRedeemed;
import dev.crystal.settlement.contracts.FreePlayMessage.BonusAnswer;
import dev.crystal.settlement.contracts.FreePlayMessage.BonusNotFound;
import dev.crystal.settlement.contracts.FreePlayMessage.BonusRefused;
import dev.crystal.settlement.contracts.FreePlayMessage.BonusView;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.freeplay.domain.Bonus;
import dev.crystal.settlement.freeplay.domain.RedemptionRefusal;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The free-play domain's use cases: issuing bonuses, counting wagers, redemptions and expiry.
 * Every money movement is a ledger posting with an id derived from the bonus or redemption, so a
 * repeated step moves nothing. Thread ownership: the free-play worker's thread.
 */
public final class FreePlayService {
    private final BonusStore store;

    public FreePlayService(BonusStore store) {
        this.store = store;
    }

    /** What issuing found. */
    public sealed interface Issue {
        record Begin(Bonus bonus) implements Issue {
        }

        record Answer(BonusAnswer answer) implements Issue {
        }

        record InProgress(Bonus bonus) implements Issue {
        }
    }

    public Issue issue(BonusIssued terms, Instant now) {
        Optional<Bonus> known = store.find(terms.transactionId());
        if (known.isPresent()) {
            Bonus b = known.get();
            if (!b.sameTermsAs(terms)) {
                return new Issue.Answer(new BonusRefused(terms.transactionId(), "BONUS_CONFLICT",
                        "bonus " + terms.transactionId() + " was already issued with different fields"));
            }
            return b.status() == Bonus.Status.ISSUING ? new Issue.InProgress(b) : new Issue.Answer(view(b, null));
        }
        Bonus bonus = Bonus.issuing(terms, now);
        store.insert(bonus);
        return new Issue.Begin(bonus);
    }

    /** Records the ledger's answer to a bonus credit; the event is present when the bonus became active. */
    public Optional<Credited> recordCredit(String transactionId, BalanceReply.Posting answer, Instant now) {
        return store.find(transactionId).filter(b -> b.status() == Bonus.Status.ISSUING).map(b -> switch (answer) {
            case BalanceReply.Posted posted -> {
                Bonus active = b.credited(now);
                store.update(active);
                yield new Credited(view(active, null), Optional.of(active.terms()));
            }
            case BalanceReply.UnknownCustomer unknown -> {
                store.delete(transactionId);
                yield new Credited(new BonusRefused(transactionId, "CUSTOMER_NOT_FOUND",
                        "no customer " + unknown.customerId()), Optional.empty());
            }
            case BalanceReply.InsufficientFunds refused -> throw new IllegalStateException(
                    "the house cannot be short of funds, yet the ledger refused bonus " + transactionId);
        });
    }

    /** The answer to an issue request, and the event to publish if the bonus became active. */
    public record Credited(BonusAnswer answer, Optional<BonusIssued> event) {
    }

    /**
     * Counts a processed settlement's stake towards every active bonus of its customer issued before it.
     *
     * @return the transaction ids of the bonuses whose wagering changed
     */
    public List<String> countWager(SettlementProcessed settlement) {
        Money stake = settlement.stake() != null ? settlement.stake() : settlement.amount();
        if (!stake.isPositive()) {
            return List.of();
        }
        List<String> eligible = store.activeForCustomer(settlement.customerId()).stream()
                .filter(bonus -> !settlement.processedAt().isBefore(bonus.issuedAt())).map(Bonus::id).toList();
        return store.recordWagers(settlement.settlementId(), eligible, stake);
    }

    /** What a redemption request found. */
    public sealed interface Redeem {
        record Begin(Redemption redemption) implements Redeem {
        }

        record Answer(BonusAnswer answer) implements Redeem {
        }

        record InProgress(Redemption redemption) implements Redeem {
        }
    }

    public Redeem redeem(String transactionId, String redemptionId, Money amount, Instant now) {
        Optional<Bonus> found = store.find(transactionId);
        if (found.isEmpty()) {
            return new Redeem.Answer(new BonusNotFound(transactionId));
        }
        Bonus bonus = found.get();
        String id = redemptionId != null ? redemptionId
                : "RED_" + transactionId + "_" + (store.redemptionCount(transactionId) + 1);
        Optional<Redemption> existing = store.redemption(id);
        if (existing.isPresent()) {
            Redemption r = existing.get();
            if (!r.transactionId().equals(transactionId) || (amount != null && !r.amount().equals(amount))) {
                return new Redeem.Answer(new BonusRefused(transactionId, "REDEMPTION_CONFLICT",
                        "redemption " + id + " already exists with different fields"));
            }
            return r.posted() ? new Redeem.Answer(view(bonus, bonus.redemptionEvent(r.amount(), r.requestedAt())))
                    : new Redeem.InProgress(r);
        }
        // Redemptions still posting hold their amounts: two concurrent redemptions never both take the same money.
        Money reserved = store.postingRedemptions().stream().filter(r -> r.transactionId().equals(transactionId))
                .map(Redemption::amount).reduce(Money.ZERO, Money::plus);
        Money wanted = amount != null ? amount : bonus.remaining().minus(reserved);
        Optional<RedemptionRefusal> refusal = bonus.redemptionRefusal(wanted, now);
        if (refusal.isEmpty() && reserved.isPositive() && bonus.remaining().lessThan(wanted.plus(reserved))) {
            return new Redeem.Answer(new BonusRefused(transactionId, "AMOUNT_EXCEEDS_REMAINING", "asked for " + wanted
                    + " but " + bonus.remaining() + " remains, of which " + reserved
                    + " is held by redemptions still posting"));
        }
        if (refusal.isPresent()) {
            return new Redeem.Answer(new BonusRefused(transactionId, refusal.get().code(), refusal.get().detail()));
        }
        Redemption redemption = new Redemption(id, transactionId, wanted, false, now);
        store.insertRedemption(redemption);
        return new Redeem.Begin(redemption);
    }

    /** Applies a redemption the ledger confirmed; empty if it was already applied. */
    public Optional<BonusView> completeRedemption(String redemptionId, Instant now) {
        return store.redemption(redemptionId).filter(r -> !r.posted()).map(r -> {
            Bonus after = store.find(r.transactionId()).orElseThrow().redeemed(r.amount(), now);
            store.completeRedemption(redemptionId, after);
            return view(after, after.redemptionEvent(r.amount(), now));
        });
    }

    /**
     * Drops a redemption the ledger refused (its posting moved nothing), so it never stays posting; the same
     * redemption id may be asked again later.
     *
     * @return the refusal to answer its callers with, empty if it was not posting
     */
    public Optional<BonusRefused> refuseRedemption(String redemptionId, BalanceReply.Posting posting) {
        return store.redemption(redemptionId).filter(r -> !r.posted()).map(r -> {
            store.dropRedemption(redemptionId);
            return new BonusRefused(r.transactionId(), "LEDGER_REFUSED", "the ledger refused redemption "
                    + redemptionId + " of " + r.amount() + ": " + posting);
        });
    }

    /** Marks every overdue active bonus as expiring; the caller forfeits each through the ledger. */
    public List<Bonus> startExpiries(Instant now) {
        return store.dueForExpiry(now).stream().map(b -> {
            Bonus expiring = b.expiring();
            store.update(expiring);
            return expiring;
        }).toList();
    }

    /** Records a forfeit the ledger confirmed (or that had nothing to move). */
    public Optional<BonusExpired> completeExpiry(String transactionId, Instant now) {
        return store.find(transactionId).filter(b -> b.status() == Bonus.Status.EXPIRING).map(b -> {
            Bonus expired = b.expired(now);
            store.update(expired);
            return expired.expiryEvent();
        });
    }

    public Optional<Instant> nextExpiry() {
        return store.nextExpiry();
    }

    public List<Bonus> inState(Bonus.Status status) {
        return store.inState(status);
    }

    public List<Redemption> postingRedemptions() {
        return store.postingRedemptions();
    }

    public BonusAnswer view(String transactionId) {
        return store.find(transactionId).<BonusAnswer>map(b -> view(b, null))
                .orElseGet(() -> new BonusNotFound(transactionId));
    }

    public List<BonusView> forCustomer(String customerId) {
        return store.forCustomer(customerId).stream().map(b -> view(b, null)).toList();
    }

    public static BonusView view(Bonus b, BonusRedeemed lastRedemption) {
        return new BonusView(b.terms(), b.status().name().toLowerCase(Locale.ROOT), b.wageringRequired(), b.wagered(),
                b.redeemed(), b.remaining(), b.issuedAt(), lastRedemption,
                b.status() == Bonus.Status.EXPIRED ? b.expiryEvent() : null);
    }
}
