package dev.crystal.settlement.freeplay.application;

import dev.crystal.settlement.freeplay.domain.Bonus;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port of the free-play domain. Used by the free-play worker's thread only. */
public interface BonusStore {

    Optional<Bonus> find(String transactionId);

    void insert(Bonus bonus);

    void update(Bonus bonus);

    void delete(String transactionId);

    List<Bonus> forCustomer(String customerId);

    /** The customer's {@link Bonus.Status#ACTIVE} bonuses, oldest issue first (what a settled wager counts towards). */
    List<Bonus> activeForCustomer(String customerId);

    /** Bonuses in one of the given states. */
    List<Bonus> inState(Bonus.Status status);

    /** ACTIVE bonuses whose expiry is at or before {@code now}. */
    List<Bonus> dueForExpiry(Instant now);

    /** The earliest expiry among ACTIVE bonuses. */
    Optional<Instant> nextExpiry();

    /**
     * Counts a settled stake once towards each of the ACTIVE bonuses {@code transactionIds} and adds it to their
     * wagered amount, atomically.
     *
     * @return the ids it counted towards now, in the given order (those the settlement was already counted towards
     *     are left out and not changed)
     */
    List<String> recordWagers(String settlementId, List<String> transactionIds, Money stake);

    Optional<Redemption> redemption(String redemptionId);

    void insertRedemption(Redemption redemption);

    /** Marks the redemption posted and stores the bonus after it, atomically. */
    void completeRedemption(String redemptionId, Bonus after);

    List<Redemption> postingRedemptions();

    /** Removes a redemption that is still posting (the ledger refused it); a posted one is kept. */
    void dropRedemption(String redemptionId);

    int redemptionCount(String transactionId);
}
