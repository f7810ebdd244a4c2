package dev.crystal.settlement.balance.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreBackend;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of every money movement the domains make — account openings, settlements
 * and their retries, bonus credits, redemptions and forfeits, adjustments, commission payouts,
 * holds and captures — against the real SQLite and PostgreSQL ledgers, with every command delivered twice to a
 * second ledger. Money is conserved, customer cash and bonus money never go below zero, holds
 * never exceed cash, and duplicates change nothing.
 */
class LedgerInvariantProperties {
    private static final List<String> CUSTOMERS = List.of("C1", "C2", "C3");
    private static final List<String> AFFILIATES = List.of("A1", "A2");

    sealed interface Op permits Open, Settle, Transfer, PlaceHold, CaptureHold, ReleaseHold {
    }

    record Open(String customer, long openingMinor) implements Op {
    }

    record Settle(String settlementId, String customer, SettlementType type, long amountMinor) implements Op {
    }

    /** Any transfer another domain asks for; the id prefix says which domain. */
    record Transfer(String postingId, LedgerAccount from, LedgerAccount to, long amountMinor) implements Op {
    }

    record PlaceHold(String holdId, String customer, long amountMinor) implements Op {
    }

    record CaptureHold(String holdId, String customer) implements Op {
    }

    record ReleaseHold(String holdId, String customer) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> customer = Arbitraries.of(CUSTOMERS);
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 30_000);
        Arbitrary<Op> open = Combinators.combine(customer, Arbitraries.longs().between(0, 50_000)).as(Open::new);
        Arbitrary<Op> settle = Combinators.combine(Arbitraries.integers().between(1, 30).map(i -> "S" + i), customer,
                Arbitraries.of(SettlementType.class), amount).as(Settle::new);
        Arbitrary<Op> bonus = Combinators.combine(Arbitraries.integers().between(1, 10), customer, amount)
                .as((i, c, a) -> new Transfer("bonus:FP" + i, LedgerAccount.HOUSE, LedgerAccount.bonus(c), a));
        Arbitrary<Op> redeem = Combinators.combine(Arbitraries.integers().between(1, 10), customer, amount)
                .as((i, c, a) -> new Transfer("redeem:R" + i, LedgerAccount.bonus(c), LedgerAccount.cash(c), a));
        Arbitrary<Op> forfeit = Combinators.combine(Arbitraries.integers().between(1, 10), customer, amount)
                .as((i, c, a) -> new Transfer("forfeit:FP" + i, LedgerAccount.bonus(c), LedgerAccount.HOUSE, a));
        Arbitrary<Op> adjust = Combinators.combine(Arbitraries.integers().between(1, 10), customer, amount,
                        Arbitraries.of(true, false))
                .as((i, c, a, credit) -> credit
                        ? new Transfer("adjustment:ADJ" + i, LedgerAccount.HOUSE, LedgerAccount.cash(c), a)
                        : new Transfer("adjustment:ADJ" + i, LedgerAccount.cash(c), LedgerAccount.HOUSE, a));
        Arbitrary<Op> payout = Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.of(AFFILIATES),
                amount).as((i, aff, a) -> new Transfer("distribution:D" + i, LedgerAccount.HOUSE,
                LedgerAccount.affiliate(aff), a));
        Arbitrary<Op> hold = Combinators.combine(Arbitraries.integers().between(1, 8).map(i -> "H" + i), customer,
                amount).as(PlaceHold::new);
        Arbitrary<Op> capture = Combinators.combine(Arbitraries.integers().between(1, 8).map(i -> "H" + i), customer)
                .as(CaptureHold::new);
        Arbitrary<Op> release = Combinators.combine(Arbitraries.integers().between(1, 8).map(i -> "H" + i), customer)
                .as(ReleaseHold::new);
        return Arbitraries.frequencyOf(Tuple.of(2, open), Tuple.of(5, settle), Tuple.of(2, bonus), Tuple.of(2, redeem),
                Tuple.of(1, forfeit), Tuple.of(2, adjust), Tuple.of(1, payout), Tuple.of(1, hold), Tuple.of(1, capture),
                Tuple.of(1, release)).list().ofMaxSize(80);
    }

    @Property(tries = 80)
    void moneyIsConservedNeverNegativeAndDuplicatesChangeNothing(@ForAll("operations") List<Op> ops) {
        check(ops, StoreBackend::sqlite);
    }

    /** The same property against the PostgreSQL ledger, fewer tries: each opens two schemas. */
    @Property(tries = 15)
    void moneyIsConservedNeverNegativeAndDuplicatesChangeNothingOnPostgres(@ForAll("operations") List<Op> ops) {
        check(ops, StoreBackend::postgres);
    }

    private static void check(List<Op> ops, Supplier<StoreBackend> backends) {
        try (StoreBackend once = backends.get(); StoreBackend twice = backends.get()) {
            InstantSource clock = InstantSource.fixed(Instant.parse("2025-01-26T15:30:00Z"));
            JdbcLedgerStore storeOnce = new JdbcLedgerStore(once.open("balance"), clock);
            JdbcLedgerStore storeTwice = new JdbcLedgerStore(twice.open("balance"), clock);
            BalanceService single = new BalanceService(storeOnce);
            BalanceService doubled = new BalanceService(storeTwice);
            Map<String, Op> firstSeen = new HashMap<>();
            long externalInflow = 0;
            for (Op op : ops) {
                // An id always carries the fields it was first sent with (the sending domains guarantee it);
                // a later op with the same id is a retry or a re-delivery.
                Op effective = firstSeen.computeIfAbsent(idOf(op), k -> op);
                if (effective.getClass() != op.getClass()) {
                    effective = op;
                }
                externalInflow += apply(single, effective);
                apply(doubled, effective);
                apply(doubled, effective);
                assertThat(storeOnce.totalOfAllAccounts()).as("sum of all accounts").isEqualTo(Money.ZERO);
                for (String c : CUSTOMERS) {
                    storeOnce.balance(AccountId.customer(c)).ifPresent(cash -> {
                        assertThat(cash.isNegative()).as("cash of %s", c).isFalse();
                        assertThat(storeOnce.held(c).compareTo(cash)).as("holds of %s", c).isLessThanOrEqualTo(0);
                    });
                    storeOnce.balance(AccountId.bonus(c))
                            .ifPresent(bonus -> assertThat(bonus.isNegative()).as("bonus of %s", c).isFalse());
                }
            }
            long insideThePlatform = 0;
            for (AccountId account : accounts()) {
                assertThat(storeOnce.balance(account)).as("%s after double delivery", account)
                        .isEqualTo(storeTwice.balance(account));
                insideThePlatform += storeOnce.balance(account).map(Money::minor).orElse(0L);
            }
            // Everything on the platform's books came in from outside (opening deposits).
            assertThat(insideThePlatform).isEqualTo(externalInflow);
            assertThat(storeTwice.totalOfAllAccounts()).isEqualTo(Money.ZERO);
        }
    }

    private static String idOf(Op op) {
        return switch (op) {
            case Open o -> "open:" + o.customer();
            case Settle s -> "settlement:" + s.settlementId();
            case Transfer t -> t.postingId();
            case PlaceHold h -> "hold:" + h.holdId();
            case CaptureHold h -> "capture:" + h.holdId() + h.customer();
            case ReleaseHold h -> "release:" + h.holdId() + h.customer();
        };
    }

    private static List<AccountId> accounts() {
        List<AccountId> all = new ArrayList<>();
        for (String c : CUSTOMERS) {
            all.add(AccountId.customer(c));
            all.add(AccountId.bonus(c));
        }
        AFFILIATES.forEach(a -> all.add(AccountId.affiliate(a)));
        all.add(AccountId.HOUSE);
        return all;
    }

    /** Applies one op; returns the money that entered the platform from outside. */
    private static long apply(BalanceService service, Op op) {
        return switch (op) {
            case Open open -> service.openAccount(open.customer(), Money.ofMinor(open.openingMinor()))
                    instanceof BalanceReply.AccountOpened ? open.openingMinor() : 0;
            case Settle s -> {
                service.postSettlement(s.settlementId(), s.customer(), s.type(), Money.ofMinor(s.amountMinor()), e -> {
                });
                yield 0;
            }
            case Transfer t -> {
                service.transfer(t.postingId(), t.postingId(), t.from(), t.to(), Money.ofMinor(t.amountMinor()), e -> {
                });
                yield 0;
            }
            case PlaceHold h -> {
                service.placeHold(h.holdId(), h.customer(), Money.ofMinor(h.amountMinor()), "test");
                yield 0;
            }
            case CaptureHold h -> {
                service.captureHold(h.holdId(), h.customer(), e -> {
                });
                yield 0;
            }
            case ReleaseHold h -> {
                service.releaseHold(h.holdId(), h.customer());
                yield 0;
            }
        };
    }
}
