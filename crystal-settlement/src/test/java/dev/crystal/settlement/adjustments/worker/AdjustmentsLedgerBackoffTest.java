package dev.crystal.settlement.adjustments.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.adjustments.adapter.JdbcAdjustmentStore;
import dev.crystal.settlement.adjustments.application.AdjustmentsService;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
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
 * Adjustments' asks to a ledger that fails every posting (issue 14 item 3): each adjustment still posting is asked
 * again on its own back-off, never all of them on each failure (before: every failure re-posted every adjustment one
 * second later, so n adjustments made about n asks each per second). Thread ownership: the JUnit thread; the ledger's
 * counters are written by its worker thread.
 */
class AdjustmentsLedgerBackoffTest {
    private static final int ADJUSTMENTS = 30;

    @TempDir
    Path dir;


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
            DownLedger ledger = new DownLedger();
            WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("adjustments-backoff"));
            runtime.register(Addresses.ADJUSTMENTS, new AdjustmentsWorker(service, new SplittableRandom(14)));
            ledger.assertAskedOnBackoff(runtime, ADJUSTMENTS, "adjustment");
            assertThat(service.posting()).as("nothing is given up: still posting").hasSize(ADJUSTMENTS);
        }
    }
}
