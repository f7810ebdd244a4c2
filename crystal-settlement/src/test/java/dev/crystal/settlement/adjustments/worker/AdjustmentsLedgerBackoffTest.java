package dev.crystal.settlement.adjustments.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.adjustments.adapter.JdbcAdjustmentStore;
import dev.crystal.settlement.adjustments.application.AdjustmentsService;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
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
 * Adjustments' asks to a ledger that fails every posting (issue 14 item 3): each adjustment still posting is asked
 * again on its own back-off, never all of them on each failure (before: every failure re-posted every adjustment one
 * second later, so n adjustments made about n asks each per second). Thread ownership: the JUnit thread; the ledger's
 * counters are written by its worker thread.
 */
class AdjustmentsLedgerBackoffTest {
    private static final int ADJUSTMENTS = 30;

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
    void eachPostingAdjustmentIsAskedAgainOnItsOwnBackoffNotOnEveryFailure() throws Exception {
        Instant now = Instant.now();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("adjustments.db"),
                List.of(JdbcAdjustmentStore.MIGRATIONS))) {
            AdjustmentsService service = new AdjustmentsService(new JdbcAdjustmentStore(db), Money.of("1000.00"));
            for (int i = 1; i <= ADJUSTMENTS; i++) {
                // as a crash left them: posting (below the approval limit), the ledger not asked yet
                service.request(new AdjustmentsCommand.RequestAdjustment("ADJ_" + i, "CUST_1",
                        AdjustmentsCommand.Direction.CREDIT, Money.of("5.00"), "goodwill", "ops_1"), now);
            }
            assertThat(service.posting()).hasSize(ADJUSTMENTS);
            FailingLedger ledger = new FailingLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("adjustments-backoff"));
            runtime.register(Addresses.BALANCE, ledger);
            runtime.register(Addresses.ADJUSTMENTS, new AdjustmentsWorker(service, new SplittableRandom(14)));
            long started = System.nanoTime();
            runtime.start();
            try {
                // back-off 0.5-1 s, then 1-2 s, then 2-4 s …: three asks each within about 7 s
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(ledger.asks).hasSize(ADJUSTMENTS);
                    assertThat(ledger.asks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(3));
                });
                Thread.sleep(500); // let a storm show, if there were one
                double seconds = (System.nanoTime() - started) / 1e9;
                int bound = (int) Math.ceil(Math.log(seconds / 0.5 + 1) / Math.log(2)) + 2;
                assertThat(ledger.asks.values()).as("asks per adjustment after %.1f s", seconds)
                        .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(bound));
                assertThat(service.posting()).as("nothing is given up: still posting").hasSize(ADJUSTMENTS);
            } finally {
                runtime.shutdown();
            }
        }
    }
}
