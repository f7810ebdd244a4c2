package dev.crystal.settlement.distributions.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.distributions.adapter.JdbcDistributionsStore;
import dev.crystal.settlement.distributions.application.DistributionsService;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import dev.crystal.store.SqliteDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** A ledger that is down: fails every posting at once and counts the asks per posting. */
    private static final class FailingLedger implements Worker<BalanceCommand> {
        final Map<String, AtomicInteger> asks = new ConcurrentHashMap<>();

        @Override
        public void onMessage(Envelope<BalanceCommand> envelope, WorkerContext context) {
            if (envelope.payload() instanceof BalanceCommand.PostTransfer transfer) {
                asks.computeIfAbsent(transfer.postingId(), id -> new AtomicInteger()).incrementAndGet();
                context.replyHandle(transfer).fail(ReplyFailure.RECIPIENT_FAILURE, "ledger down");
            }
        }
    }

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
            FailingLedger ledger = new FailingLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("distributions-backoff"));
            runtime.register(Addresses.BALANCE, ledger);
            runtime.register(Addresses.DISTRIBUTIONS, new DistributionsWorker(service, ViewChanges.NONE,
                    new SplittableRandom(14)));
            long started = System.nanoTime();
            runtime.start();
            try {
                // back-off 0.5-1 s, then 1-2 s, then 2-4 s …: three asks each within about 7 s
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(ledger.asks).hasSize(PAYOUTS);
                    assertThat(ledger.asks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(3));
                });
                Thread.sleep(500); // let a storm show, if there were one
                double seconds = (System.nanoTime() - started) / 1e9;
                int bound = (int) Math.ceil(Math.log(seconds / 0.5 + 1) / Math.log(2)) + 2;
                assertThat(ledger.asks.values()).as("asks per payout after %.1f s", seconds)
                        .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(bound));
                assertThat(service.paying()).as("nothing is given up: still paying").hasSize(PAYOUTS);
            } finally {
                runtime.shutdown();
            }
        }
    }
}
