package dev.crystal.settlement.collections.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.collections.application.CollectionsService;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
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
 * Collections' asks to a ledger that fails every posting (issue 14 item 3: 143,201 warnings from re-asking every
 * pending settlement every ~6 s): each pending settlement is re-asked on its own exponential back-off with jitter,
 * and the 5 s sweep does not re-ask a settlement in flight or backing off.
 */
class CollectionsLedgerBackoffTest {
    private static final int SETTLEMENTS = 30;

    @TempDir
    Path dir;

    /** A ledger that is down: fails every posting at once and counts the asks per settlement. */
    private static final class FailingLedger implements Worker<BalanceCommand> {
        final Map<String, AtomicInteger> asks = new ConcurrentHashMap<>();

        @Override
        public void onMessage(Envelope<BalanceCommand> envelope, WorkerContext context) {
            switch (envelope.payload()) {
                case BalanceCommand.PostSettlement post -> {
                    asks.computeIfAbsent(post.settlementId(), id -> new AtomicInteger()).incrementAndGet();
                    context.replyHandle(post).fail(ReplyFailure.RECIPIENT_FAILURE, "ledger down");
                }
                case BalanceCommand.GetSettlementPostings scan ->
                        context.reply(scan, new BalanceReply.SettlementPostings(List.of(), null));
                default -> { }
            }
        }
    }

    @Test
    void eachPendingSettlementIsAskedAgainOnItsOwnBackoff() throws Exception {
        Instant now = Instant.now();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("collections.db"),
                List.of(JdbcSettlementStore.MIGRATIONS))) {
            JdbcSettlementStore store = new JdbcSettlementStore(db);
            for (int i = 1; i <= SETTLEMENTS; i++) {
                // as a crash left them: pending, the ledger not asked yet
                store.insert(Settlement.received(new SettlementRequest("S_" + i, "CUST_1", SettlementType.PAYOUT,
                        Money.of("5.00"), null, null, null, null, null, null), "corr_" + i, now));
            }
            FailingLedger ledger = new FailingLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("collections-backoff"));
            runtime.register(Addresses.BALANCE, ledger);
            runtime.register(Addresses.COLLECTIONS, new CollectionsWorker(new CollectionsService(store,
                    RetryPolicy.NEVER), (id, count, at, corr) -> { }, new SplittableRandom(14)));
            long started = System.nanoTime();
            runtime.start();
            try {
                // back-off 0.5-1 s, then 1-2 s, then 2-4 s …: three asks each within about 7 s
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(ledger.asks).hasSize(SETTLEMENTS);
                    assertThat(ledger.asks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(3));
                });
                Thread.sleep(500); // let a storm show, if there were one
                double seconds = (System.nanoTime() - started) / 1e9;
                int bound = (int) Math.ceil(Math.log(seconds / 0.5 + 1) / Math.log(2)) + 2;
                assertThat(ledger.asks.values()).as("asks per settlement after %.1f s", seconds)
                        .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(bound));
            } finally {
                runtime.shutdown();
            }
        }
    }
}
