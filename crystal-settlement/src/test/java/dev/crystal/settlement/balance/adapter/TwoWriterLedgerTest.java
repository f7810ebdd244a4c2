package dev.crystal.settlement.balance.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.balance.domain.Posting;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreBackend;
import dev.crystal.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two ledger stores on two connection pools ("two nodes") writing one PostgreSQL schema at the same time, as a
 * second writer would after a lease was lost: every posting to the shared house account must count.
 * Thread ownership: the JUnit thread, plus one writer thread per store while the test runs.
 */
class TwoWriterLedgerTest {
    private static final int POSTINGS_PER_NODE = 150;

    private final StoreBackend backend = StoreBackend.postgres();

    @AfterEach
    void drop() {
        backend.close();
    }

    @Test
    void interleavedAppendsFromTwoNodesToTheHouseAccountAreNeverLost() throws Exception {
        Database nodeA = backend.open("balance");
        Database nodeB = backend.open("balance"); // the same schema, its own pool
        JdbcLedgerStore a = new JdbcLedgerStore(nodeA, InstantSource.system());
        JdbcLedgerStore b = new JdbcLedgerStore(nodeB, InstantSource.system());
        a.open(AccountId.customer("A"), Optional.of(Posting.transfer("open:A", "opening", AccountId.EXTERNAL_FUNDING,
                AccountId.customer("A"), Money.ofMinor(1_000_000))));
        b.open(AccountId.customer("B"), Optional.of(Posting.transfer("open:B", "opening", AccountId.EXTERNAL_FUNDING,
                AccountId.customer("B"), Money.ofMinor(1_000_000))));

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> nodes = new ArrayList<>();
            for (var node : List.of(new Object[] {a, "A"}, new Object[] {b, "B"})) {
                JdbcLedgerStore store = (JdbcLedgerStore) node[0];
                String customer = (String) node[1];
                nodes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < POSTINGS_PER_NODE; i++) {
                        store.append(Posting.transfer(customer + "-" + i, "collection", AccountId.customer(customer),
                                AccountId.HOUSE, Money.ofMinor(100 + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> node : nodes) {
                node.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long expectedHouse = 2L * (100L * POSTINGS_PER_NODE + (long) POSTINGS_PER_NODE * (POSTINGS_PER_NODE - 1) / 2);
        assertThat(a.balance(AccountId.HOUSE)).contains(Money.ofMinor(expectedHouse));
        assertThat(sumOfEntries(nodeA, AccountId.HOUSE)).as("stored balance equals the sum of its entries")
                .isEqualTo(expectedHouse);
        for (String customer : List.of("A", "B")) {
            AccountId account = AccountId.customer(customer);
            assertThat(b.balance(account).orElseThrow().minor()).isEqualTo(sumOfEntries(nodeB, account));
        }
        assertThat(b.totalOfAllAccounts()).isEqualTo(Money.ZERO);
        assertThat(distinctHouseBalancesAfter(nodeA)).as("every posting saw the one before it")
                .isEqualTo(2 * POSTINGS_PER_NODE);
    }

    private static long sumOfEntries(Database db, AccountId account) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(amount_minor), 0) FROM entries WHERE account_id = ?")) {
                ps.setString(1, account.key());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static int distinctHouseBalancesAfter(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(DISTINCT balance_after_minor) FROM entries WHERE account_id = ?")) {
                ps.setString(1, AccountId.HOUSE.key());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
