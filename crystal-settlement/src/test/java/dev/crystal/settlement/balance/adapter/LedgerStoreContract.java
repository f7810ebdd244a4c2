package dev.crystal.settlement.balance.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.balance.application.LedgerStore;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Hold;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.LedgerLine;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreContract;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LedgerStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class LedgerStoreContract extends StoreContract {
    private static final Instant NOW = Instant.parse("2025-01-26T15:30:00Z");
    private static final AccountId C1 = AccountId.customer("C1");

    private LedgerStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcLedgerStore(database("balance"), InstantSource.fixed(NOW));
    }

    private static Posting funding(String customer, long minor) {
        return Posting.transfer("open:" + customer, "opening deposit", AccountId.EXTERNAL_FUNDING,
                AccountId.customer(customer), Money.ofMinor(minor));
    }

    @Test
    void openedAccountHasItsFundingAndTheBooksBalance() {
        store.open(C1, Optional.of(funding("C1", 10_000)));
        assertThat(store.exists(C1)).isTrue();
        assertThat(store.balance(C1)).contains(Money.ofMinor(10_000));
        assertThat(store.balance(AccountId.customer("nobody"))).isEmpty();
        assertThat(store.totalOfAllAccounts()).isEqualTo(Money.ZERO);
    }

    @Test
    void balancesBeyondThirtyTwoBitsAreExact() {
        store.open(C1, Optional.of(funding("C1", 5_000_000_000L)));
        store.append(Posting.transfer("big", "collection", C1, AccountId.HOUSE, Money.ofMinor(3_000_000_001L)));
        assertThat(store.balance(C1)).contains(Money.ofMinor(1_999_999_999L));
        assertThat(store.lines(C1, 0, 1).getFirst().amount()).isEqualTo(Money.ofMinor(-3_000_000_001L));
    }

    @Test
    void appendRecordsThePostingOnceWithBalancesAfter() {
        store.open(C1, Optional.of(funding("C1", 10_000)));
        var recorded = store.append(Posting.transfer("p1", "collection", C1, AccountId.HOUSE, Money.ofMinor(2_500)));
        assertThat(recorded.balancesAfter()).containsEntry(C1, Money.ofMinor(7_500))
                .containsEntry(AccountId.HOUSE, Money.ofMinor(2_500));
        assertThat(store.posting("p1")).hasValueSatisfying(p -> {
            assertThat(p.postedAt()).isEqualTo(NOW);
            assertThat(p.balancesAfter()).containsEntry(C1, Money.ofMinor(7_500));
        });
        assertThat(store.posting("p2")).isEmpty();
        assertThatThrownBy(() -> store.append(Posting.transfer("p1", "again", C1, AccountId.HOUSE, Money.ofMinor(1))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.balance(C1)).contains(Money.ofMinor(7_500));
        assertThat(store.totalOfAllAccounts()).isEqualTo(Money.ZERO);
    }

    @Test
    void holdsReserveUntilReleasedOrCaptured() {
        store.open(C1, Optional.of(funding("C1", 10_000)));
        Hold h1 = new Hold("H1", "C1", Money.ofMinor(1_000), "review", Hold.Status.ACTIVE);
        Hold h2 = new Hold("H2", "C1", Money.ofMinor(2_000), null, Hold.Status.ACTIVE);
        store.insertHold(h1);
        store.insertHold(h2);
        assertThat(store.held("C1")).isEqualTo(Money.ofMinor(3_000));
        store.updateHold(h1.released());
        assertThat(store.hold("H1")).contains(h1.released());
        assertThat(store.held("C1")).isEqualTo(Money.ofMinor(2_000));
        var recorded = store.capture(h2.captured(), h2.capturePosting());
        assertThat(recorded.balancesAfter()).containsEntry(C1, Money.ofMinor(8_000));
        assertThat(store.hold("H2")).contains(h2.captured());
        assertThat(store.held("C1")).isEqualTo(Money.ZERO);
        assertThat(store.hold("H3")).isEmpty();
    }

    @Test
    void linesPageNewestFirstByCursor() {
        store.open(C1, Optional.of(funding("C1", 10_000)));
        for (int i = 1; i <= 5; i++) {
            store.append(Posting.transfer("p" + i, "ref " + i, C1, AccountId.HOUSE, Money.ofMinor(100)));
        }
        List<LedgerLine> first = store.lines(C1, 0, 4);
        assertThat(first).extracting(LedgerLine::postingId).containsExactly("p5", "p4", "p3", "p2");
        assertThat(first.getFirst().balanceAfter()).isEqualTo(Money.ofMinor(9_500));
        assertThat(first.getFirst().amount()).isEqualTo(Money.ofMinor(-100));
        assertThat(first.getFirst().at()).isEqualTo(NOW);
        List<LedgerLine> rest = store.lines(C1, first.getLast().cursor(), 4);
        assertThat(rest).extracting(LedgerLine::postingId).containsExactly("p1", "open:C1");
        assertThat(store.lines(C1, rest.getLast().cursor(), 4)).isEmpty();
    }

    @Test
    void mostRecentlyActiveCustomersAreTheOwnersOfTheNewestCashEntries() {
        for (String c : List.of("C1", "C2", "C3", "C4")) {
            store.open(AccountId.customer(c), Optional.of(funding(c, 10_000)));
        }
        store.append(Posting.transfer("s1", "collection", AccountId.customer("C2"), AccountId.HOUSE, Money.ofMinor(1)));
        store.append(Posting.transfer("s2", "payout", AccountId.HOUSE, AccountId.customer("C1"), Money.ofMinor(1)));
        store.append(Posting.transfer("b1", "bonus", AccountId.HOUSE, AccountId.bonus("C3"), Money.ofMinor(1)));
        assertThat(store.mostRecentlyActiveCustomers(3)).as("bonus accounts and the house do not count")
                .containsExactly("C1", "C2", "C4");
        assertThat(store.mostRecentlyActiveCustomers(10)).containsExactly("C1", "C2", "C4", "C3");
    }

    @Test
    void settlementPostingsAreListedNewestFirstWithTheirCustomerEntry() {
        store.open(AccountId.customer("C1"), Optional.of(funding("C1", 10_000)));
        store.open(AccountId.customer("C2"), Optional.of(funding("C2", 10_000)));
        store.append(Posting.transfer("settlement:S1", "payout", AccountId.HOUSE, AccountId.customer("C1"),
                Money.ofMinor(700)));
        store.append(Posting.transfer("bonus:B1", "bonus", AccountId.HOUSE, AccountId.bonus("C1"), Money.ofMinor(5)));
        store.append(Posting.transfer("settlement:S2", "collection", AccountId.customer("C2"), AccountId.HOUSE,
                Money.ofMinor(250)));
        List<BalanceReply.SettlementPosting> all = store.settlementPostings(0, 10);
        assertThat(all).extracting(BalanceReply.SettlementPosting::settlementId).as("other postings are left out")
                .containsExactly("S2", "S1");
        assertThat(all.getFirst()).satisfies(p -> {
            assertThat(p.customerId()).isEqualTo("C2");
            assertThat(p.type()).isEqualTo(SettlementType.COLLECTION);
            assertThat(p.amount()).isEqualTo(Money.ofMinor(250));
            assertThat(p.balanceAfter()).isEqualTo(Money.ofMinor(9_750));
        });
        assertThat(all.getLast()).satisfies(p -> {
            assertThat(p.type()).isEqualTo(SettlementType.PAYOUT);
            assertThat(p.balanceAfter()).isEqualTo(Money.ofMinor(10_700));
        });
        assertThat(store.settlementPostings(0, 1)).extracting(BalanceReply.SettlementPosting::settlementId)
                .containsExactly("S2");
        assertThat(store.settlementPostings(all.getFirst().cursor(), 10))
                .extracting(BalanceReply.SettlementPosting::settlementId).containsExactly("S1");
    }
}
