package dev.crystal.settlement.freeplay.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.freeplay.application.BonusStore;
import dev.crystal.settlement.freeplay.application.Redemption;
import dev.crystal.settlement.freeplay.domain.Bonus;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BonusStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class BonusStoreContract extends StoreContract {
    private static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");

    private BonusStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcBonusStore(database("freeplay"));
    }

    private static Bonus active(String id, String customer, int expiresInDays) {
        BonusIssued terms = new BonusIssued(id, customer, "welcome", Money.of("50.00"), 3,
                T0.plusSeconds(86_400L * expiresInDays), "promo-" + id);
        return Bonus.issuing(terms, T0).credited(T0);
    }

    @Test
    void bonusesAreFoundByIdCustomerStateAndExpiry() {
        Bonus soon = active("FP1", "C1", 1);
        Bonus later = active("FP2", "C1", 7);
        Bonus issuing = Bonus.issuing(active("FP3", "C2", 1).terms(), T0);
        store.insert(soon);
        store.insert(later);
        store.insert(issuing);
        assertThat(store.find("FP1")).contains(soon);
        assertThat(store.find("FP9")).isEmpty();
        assertThat(store.forCustomer("C1")).containsExactlyInAnyOrder(soon, later);
        assertThat(store.inState(Bonus.Status.ISSUING)).containsExactly(issuing);
        assertThat(store.activeForCustomer("C1")).containsExactlyInAnyOrder(soon, later);
        assertThat(store.activeForCustomer("C2")).isEmpty(); // FP3 is still issuing
        assertThat(store.nextExpiry()).contains(soon.terms().expiresAt());
        assertThat(store.dueForExpiry(T0.plusSeconds(86_400L * 2))).containsExactly(soon);
        store.delete("FP3");
        assertThat(store.find("FP3")).isEmpty();
    }

    @Test
    void aWagerCountsOnceAndUpdatesReplaceTheBonus() {
        Bonus bonus = active("FP1", "C1", 7);
        store.insert(bonus);
        assertThat(store.recordWagers("S1", List.of("FP1"), Money.of("10.00"))).containsExactly("FP1");
        assertThat(store.recordWagers("S1", List.of("FP1"), Money.of("10.00"))).isEmpty();
        assertThat(store.find("FP1")).contains(bonus.wager(Money.of("10.00"))); // counted once
        Bonus replaced = bonus.wager(Money.of("40.00"));
        store.update(replaced);
        assertThat(store.find("FP1")).contains(replaced);
    }

    @Test
    void aSettlementCountsTowardsEveryGivenBonusOnceInOneCall() {
        Bonus first = active("FP1", "C1", 7);
        Bonus second = active("FP2", "C1", 7);
        Bonus other = active("FP3", "C1", 7);
        store.insert(first);
        store.insert(second);
        store.insert(other);
        assertThat(store.recordWagers("S1", List.of("FP1"), Money.of("5.00"))).containsExactly("FP1");
        // a redelivered settlement that now also counts towards FP2: only FP2 moves
        assertThat(store.recordWagers("S1", List.of("FP1", "FP2"), Money.of("5.00"))).containsExactly("FP2");
        assertThat(store.recordWagers("S2", List.of("FP1", "FP2"), Money.of("2.50"))).containsExactly("FP1", "FP2");
        assertThat(store.recordWagers("S3", List.of(), Money.of("2.50"))).isEmpty();
        assertThat(store.find("FP1")).contains(first.wager(Money.of("7.50")));
        assertThat(store.find("FP2")).contains(second.wager(Money.of("7.50")));
        assertThat(store.find("FP3")).contains(other); // not given, not counted
    }

    @Test
    void aRedemptionCompletesTogetherWithItsBonus() {
        Bonus bonus = active("FP1", "C1", 7);
        store.insert(bonus);
        Redemption redemption = new Redemption("R1", "FP1", Money.of("20.00"), false, T0);
        store.insertRedemption(redemption);
        assertThat(store.redemption("R1")).contains(redemption);
        assertThat(store.postingRedemptions()).containsExactly(redemption);
        assertThat(store.redemptionCount("FP1")).isEqualTo(1);
        Bonus after = bonus.redeemed(Money.of("20.00"), T0.plusSeconds(1));
        store.completeRedemption("R1", after);
        assertThat(store.postingRedemptions()).isEmpty();
        assertThat(store.redemption("R1")).hasValueSatisfying(r -> assertThat(r.posted()).isTrue());
        assertThat(store.find("FP1")).contains(after);
        assertThat(store.redemptionCount("FP9")).isZero();
    }

    @Test
    void aRefusedRedemptionIsDroppedButAPostedOneIsKept() {
        Bonus bonus = active("FP1", "C1", 7);
        store.insert(bonus);
        store.insertRedemption(new Redemption("R1", "FP1", Money.of("20.00"), false, T0));
        store.insertRedemption(new Redemption("R2", "FP1", Money.of("5.00"), false, T0));
        store.completeRedemption("R2", bonus.redeemed(Money.of("5.00"), T0.plusSeconds(1)));
        store.dropRedemption("R1");
        store.dropRedemption("R2");
        assertThat(store.redemption("R1")).isEmpty();
        assertThat(store.postingRedemptions()).isEmpty();
        assertThat(store.redemption("R2")).hasValueSatisfying(r -> assertThat(r.posted()).isTrue());
    }
}
