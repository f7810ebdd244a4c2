package dev.crystal.settlement.freeplay.worker;


import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.kernel.ViewChanges;
import dev.crystal.settlement.ledgertest.DownLedger;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
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
            DownLedger ledger = new DownLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("backoff"));
            runtime.register(Addresses.FREEPLAY, new FreePlayWorker(service, (id, at, corr) -> { }, ViewChanges.NONE,
                    new SplittableRandom(14)));
            ledger.assertAskedOnBackoff(runtime, BONUSES, "posting");
        }
    }
}
