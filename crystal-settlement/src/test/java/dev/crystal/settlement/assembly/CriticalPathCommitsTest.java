package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts the durable commits (SQLite transactions that wrote: one fsync each) a settlement makes before its answer
 * is released, per database: the PENDING row in collections.db and the posting in balance.db, and nothing else. The
 * outcome row commits after the answer (it is derived from the posting, and derived again after a crash). Before
 * this, the answer waited for a third commit: the outcome in collections.db. Refusals still wait for it.
 */
class CriticalPathCommitsTest {
    private static final int WARM_UP = 10;
    private static final int MEASURED = 40;

    @TempDir
    Path dataDir;

    @Test
    void aCompletedSettlementIsAnsweredAfterTwoDurableCommits() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("critical-path"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        try {
            runtime.request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CUST_C", Money.of("100000.00")), null,
                    Duration.ofSeconds(10)).get();
            SqliteDatabase collections = (SqliteDatabase) domains.databases().get("collections");
            SqliteDatabase balance = (SqliteDatabase) domains.databases().get("balance");
            settle(runtime, 0, WARM_UP, collections, balance, new ArrayList<>(), SettlementType.PAYOUT);

            List<long[]> paths = new ArrayList<>();
            settle(runtime, WARM_UP, WARM_UP + MEASURED, collections, balance, paths, null);

            // Samples whose answer came on the worker's thread (read at the moment it was released); a handful may
            // race with a timer of the worker (a sweep), so the typical path is the median.
            assertThat(paths).hasSizeGreaterThan(MEASURED / 2);
            long collectionsCommits = median(paths, 0);
            long balanceCommits = median(paths, 1);
            System.out.printf("durable commits before the answer, per completed settlement (median of %d): "
                    + "collections %d, balance %d%n", paths.size(), collectionsCommits, balanceCommits);
            assertThat(collectionsCommits).as("collections.db commits before the answer (the PENDING row)").isEqualTo(1);
            assertThat(balanceCommits).as("balance.db commits before the answer (the posting)").isEqualTo(1);
        } finally {
            runtime.shutdown();
            domains.close();
        }
    }

    @Test
    void theOutcomeAnsweredEarlyIsTheOneRecorded() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("critical-path-outcome"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        try {
            runtime.request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CUST_O", Money.of("500.00")), null,
                    Duration.ofSeconds(10)).get();
            SettlementRequest request = new SettlementRequest("EARLY_1", "CUST_O", SettlementType.PAYOUT,
                    Money.of("25.00"), null, null, null, null, null, null);
            Reply<SettlementOutcome> answered = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(request), null, Duration.ofSeconds(10)).get();
            Reply<SettlementOutcome> again = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(request), null, Duration.ofSeconds(10)).get();

            assertThat(answered).isInstanceOf(Reply.Success.class);
            SettlementOutcome.Completed done = (SettlementOutcome.Completed) ((Reply.Success<SettlementOutcome>) answered)
                    .value();
            assertThat(done.balance()).isEqualTo(Money.of("525.00"));
            assertThat(again).isEqualTo(answered);
        } finally {
            runtime.shutdown();
            domains.close();
        }
    }

    /**
     * Settles sequentially; for each answer released on another thread than this one (the collections worker's, at
     * the moment it answers), keeps the commits each database made since the request was sent.
     */
    private static void settle(WorkerRuntime runtime, int from, int to, SqliteDatabase collections,
                               SqliteDatabase balance, List<long[]> paths, SettlementType only) throws Exception {
        Thread caller = Thread.currentThread();
        for (int i = from; i < to; i++) {
            SettlementType type = only != null ? only : i % 2 == 0 ? SettlementType.PAYOUT : SettlementType.COLLECTION;
            SettlementRequest request = new SettlementRequest("PATH_" + i, "CUST_C", type, Money.of("1.00"), null,
                    null, null, null, null, null);
            long collectionsBefore = collections.commitsWritten();
            long balanceBefore = balance.commitsWritten();
            long[] atAnswer = new long[3];
            CompletableFuture<Reply<SettlementOutcome>> answer = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(request), null, Duration.ofSeconds(10));
            CompletableFuture<Reply<SettlementOutcome>> counted = answer.whenComplete((reply, error) -> {
                atAnswer[0] = collections.commitsWritten() - collectionsBefore;
                atAnswer[1] = balance.commitsWritten() - balanceBefore;
                atAnswer[2] = Thread.currentThread() == caller ? 0 : 1;
            });
            Reply<SettlementOutcome> reply = counted.get();
            assertThat(reply).isInstanceOf(Reply.Success.class);
            assertThat(((Reply.Success<SettlementOutcome>) reply).value()).isInstanceOf(SettlementOutcome.Completed.class);
            if (atAnswer[2] == 1) {
                paths.add(atAnswer);
            }
            // The outcome row commits after the answer: wait for it, or it would count in the next settlement's window.
            await().atMost(Duration.ofSeconds(10)).until(() -> collections.commitsWritten() - collectionsBefore >= 2);
        }
    }

    private static long median(List<long[]> samples, int index) {
        return samples.stream().mapToLong(s -> s[index]).sorted().skip(samples.size() / 2).findFirst().orElseThrow();
    }
}
