package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once every statement of the settlement path has been seen, settling compiles no SQL: every domain's stores reuse
 * the statements their connection cached. Also prints the savepoints each domain sets per settlement (a count that
 * does not depend on the machine's speed, recorded in docs/benchmarks.md).
 */
class StatementReuseTest {
    private static final int WARM_UP = 40;
    private static final int MEASURED = 100;

    @TempDir
    Path dataDir;

    @Test
    void settlementsAfterTheFirstCompileNoStatement() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("statements"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        try {
            runtime.request(Addresses.BALANCE, new BalanceCommand.OpenAccount("CUST_S", Money.of("100000.00")), null,
                    Duration.ofSeconds(10)).get();
            settle(runtime, 0, WARM_UP);
            Thread.sleep(1_000); // let the work that follows an answer (notices, observations) finish
            Map<String, long[]> before = counters(domains);
            settle(runtime, WARM_UP, WARM_UP + MEASURED);
            Thread.sleep(1_000);
            Map<String, long[]> after = counters(domains);

            StringBuilder report = new StringBuilder("per settlement (payout then collection, alternating):");
            before.forEach((domain, counts) -> {
                long[] now = after.get(domain);
                assertThat(now[0] - counts[0]).as("statements compiled by %s after warm-up", domain).isZero();
                report.append(String.format(" %s savepoints %.2f;", domain, (now[1] - counts[1]) / (double) MEASURED));
            });
            System.out.println(report);
        } finally {
            runtime.shutdown();
            domains.close();
        }
    }

    private static void settle(WorkerRuntime runtime, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            SettlementType type = i % 2 == 0 ? SettlementType.PAYOUT : SettlementType.COLLECTION;
            SettlementRequest request = new SettlementRequest("STMT_" + i, "CUST_S", type, Money.of("1.00"), null,
                    null, null, null, null, null);
            Reply<SettlementOutcome> reply = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(request), null, Duration.ofSeconds(10)).get();
            assertThat(reply).isInstanceOf(Reply.Success.class);
        }
    }

    /** Per SQLite domain database: statements prepared, savepoints set. */
    private static Map<String, long[]> counters(SettlementAssembly domains) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Database> e : domains.databases().entrySet()) {
            if (e.getValue() instanceof SqliteDatabase db) {
                counts.put(e.getKey(), new long[] {db.statementsPrepared(), db.savepointsSet()});
            }
        }
        return counts;
    }
}
