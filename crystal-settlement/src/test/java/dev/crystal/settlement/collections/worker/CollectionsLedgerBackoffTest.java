package dev.crystal.settlement.collections.worker;


import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.collections.application.CollectionsService;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.ledgertest.DownLedger;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
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
            DownLedger ledger = new DownLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("collections-backoff"));
            runtime.register(Addresses.COLLECTIONS, new CollectionsWorker(new CollectionsService(store,
                    RetryPolicy.NEVER), (id, count, at, corr) -> { }, new SplittableRandom(14)));
            ledger.assertAskedOnBackoff(runtime, SETTLEMENTS, "settlement");
        }
    }
}
