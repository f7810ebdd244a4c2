package dev.crystal.settlement.distributions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.distributions.adapter.JdbcDistributionsStore;
import dev.crystal.settlement.distributions.application.DistributionsService;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import dev.crystal.settlement.ledgertest.DownLedger;
import dev.crystal.store.SqliteDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributions' asks to a ledger that fails every posting (issue 14 item 3): each payout still paying is asked again
 * on its own back-off, never all of them on each failure (before: every failure re-asked every payout one second
 * later). Thread ownership: the JUnit thread; the ledger's counters are written by its worker thread.
 */
class DistributionsLedgerBackoffTest {
    private static final int PAYOUTS = 30;
    private static final String PERIOD = "2025-01";

    @TempDir
    Path dir;


    @Test
    void eachPayingStatementIsAskedAgainOnItsOwnBackoffNotOnEveryFailure() throws Exception {
        Instant now = Instant.now();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("distributions.db"),
                List.of(JdbcDistributionsStore.MIGRATIONS))) {
            JdbcDistributionsStore store = new JdbcDistributionsStore(db);
            DistributionsService service = new DistributionsService(store);
            for (int i = 1; i <= PAYOUTS; i++) {
                String affiliate = "AFF_" + i;
                service.register(new Affiliate(affiliate, new BigDecimal("12.5"), Money.of("1000.00"),
                        new BigDecimal("2.25"), Affiliate.DEFAULT_PAYMENT_METHOD), now);
                store.recordRevenue("S_" + i, affiliate, PERIOD, Money.of("800.00"));
                // as a crash left them: paying, the ledger not asked yet
                assertThat(service.startPayout(affiliate, PERIOD, now))
                        .isInstanceOf(DistributionsService.PayoutStart.Begin.class);
            }
            assertThat(service.paying()).hasSize(PAYOUTS);
            DownLedger ledger = new DownLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("distributions-backoff"));
            runtime.register(Addresses.DISTRIBUTIONS, new DistributionsWorker(service, ViewChanges.NONE,
                    new SplittableRandom(14)));
            ledger.assertAskedOnBackoff(runtime, PAYOUTS, "payout");
            assertThat(service.paying()).as("nothing is given up: still paying").hasSize(PAYOUTS);
        }
    }
}
