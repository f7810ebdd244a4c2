package dev.crystal.settlement.freeplay.worker;

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
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
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
 * Free play's asks to a ledger that fails every posting: each bonus is re-asked on its own back-off, never all of
 * them on each failure (issue 14: 264,588 warnings from re-asking every bonus on every failure).
 */
class FreePlayLedgerBackoffTest {
    private static final int BONUSES = 30;

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
    void eachPendingBonusIsAskedAgainOnItsOwnBackoffNotOnEveryFailure() throws Exception {
        Instant now = Instant.now();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("freeplay.db"), List.of(JdbcBonusStore.MIGRATIONS))) {
            FreePlayService service = new FreePlayService(new JdbcBonusStore(db));
            for (int i = 1; i <= BONUSES; i++) {
                // as a crash left them: issuing, the ledger not asked yet
                service.issue(new BonusIssued("FP_" + i, "CUST_1", "welcome_bonus", Money.of("5.00"), 1,
                        now.plus(Duration.ofDays(1)), null), now);
            }
            FailingLedger ledger = new FailingLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("backoff"));
            runtime.register(Addresses.BALANCE, ledger);
            runtime.register(Addresses.FREEPLAY, new FreePlayWorker(service, (id, at, corr) -> { }, ViewChanges.NONE,
                    new SplittableRandom(14)));
            long started = System.nanoTime();
            runtime.start();
            try {
                // every bonus is asked again after a failure (back-off 0.5-1 s, then 1-2 s, then 2-4 s …)
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(ledger.asks).hasSize(BONUSES);
                    assertThat(ledger.asks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(3));
                });
                Thread.sleep(500); // let a storm show, if there were one
                double seconds = (System.nanoTime() - started) / 1e9;
                // With back-off doubling from 0.5 s, a posting is asked at most about log2(t) + 2 times in t seconds.
                int bound = (int) Math.ceil(Math.log(seconds / 0.5 + 1) / Math.log(2)) + 2;
                assertThat(ledger.asks.values()).as("asks per posting after %.1f s", seconds)
                        .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(bound));
                int total = ledger.asks.values().stream().mapToInt(AtomicInteger::get).sum();
                assertThat(total).as("asks in all (re-asking every bonus on each failure: thousands)")
                        .isLessThanOrEqualTo(BONUSES * bound);
            } finally {
                runtime.shutdown();
            }
        }
    }
}
