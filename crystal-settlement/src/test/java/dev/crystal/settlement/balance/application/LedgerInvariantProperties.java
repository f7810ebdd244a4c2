package dev.crystal.settlement.balance.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.balance.adapter.SqliteLedgerStore;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of account openings and settlements (with duplicates) against the real SQLite
 * ledger: money is conserved, customers never go below zero, and re-delivering every command
 * changes nothing.
 */
class LedgerInvariantProperties {
    private static final List<String> CUSTOMERS = List.of("C1", "C2", "C3");

    sealed interface Op permits Open, Settle {
    }

    record Open(String customer, long openingMinor) implements Op {
    }

    record Settle(String settlementId, String customer, SettlementType type, long amountMinor) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> customer = Arbitraries.of(CUSTOMERS);
        Arbitrary<Op> open = Combinators.combine(customer, Arbitraries.longs().between(0, 50_000))
                .as(Open::new);
        Arbitrary<Op> settle = Combinators.combine(Arbitraries.integers().between(1, 40).map(i -> "S" + i), customer,
                        Arbitraries.of(SettlementType.class), Arbitraries.longs().between(1, 30_000))
                .as(Settle::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, open), net.jqwik.api.Tuple.of(4, settle)).list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void moneyIsConservedAndNeverNegativeAndDuplicatesChangeNothing(@ForAll("operations") List<Op> ops) {
        Path dir = tempDir();
        try (SqliteDatabase once = SqliteDatabase.open(dir.resolve("once.db"), SqliteLedgerStore.MIGRATIONS);
             SqliteDatabase twice = SqliteDatabase.open(dir.resolve("twice.db"), SqliteLedgerStore.MIGRATIONS)) {
            InstantSource clock = InstantSource.fixed(Instant.parse("2025-01-26T15:30:00Z"));
            SqliteLedgerStore storeOnce = new SqliteLedgerStore(once, clock);
            SqliteLedgerStore storeTwice = new SqliteLedgerStore(twice, clock);
            BalanceService single = new BalanceService(storeOnce);
            BalanceService doubled = new BalanceService(storeTwice);
            Map<String, Settle> firstSeen = new HashMap<>();
            long externalInflow = 0;
            for (Op op : ops) {
                // A settlement id is posted with the fields it was first seen with (as collections guarantees).
                Op effective = op instanceof Settle s ? firstSeen.computeIfAbsent(s.settlementId(), k -> s) : op;
                externalInflow += apply(single, effective);
                apply(doubled, effective);
                apply(doubled, effective); // at-least-once delivery: every command arrives twice
                assertThat(storeOnce.totalOfAllAccounts()).isEqualTo(Money.ZERO);
            }
            long customerTotal = 0;
            for (String c : CUSTOMERS) {
                var balance = storeOnce.balance(AccountId.customer(c));
                assertThat(balance).isEqualTo(storeTwice.balance(AccountId.customer(c)));
                if (balance.isPresent()) {
                    assertThat(balance.get().isNegative()).as("customer %s balance", c).isFalse();
                    customerTotal += balance.get().minor();
                }
            }
            long house = storeOnce.balance(AccountId.HOUSE).map(Money::minor).orElse(0L);
            // Customers hold exactly what came in from outside plus what the house paid out net.
            assertThat(customerTotal + house).isEqualTo(externalInflow);
            assertThat(storeTwice.totalOfAllAccounts()).isEqualTo(Money.ZERO);
        } finally {
            deleteRecursively(dir);
        }
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
        };
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ledger-prop");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
