package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.balance.adapter.JdbcLedgerStore;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.balance.domain.AccountId;
import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave a settlement PENDING in collections, with or without its posting in the
 * ledger. On the next start collections finishes it, and the money moves exactly once. Because
 * collections asks the ledger while its PENDING row commits (the two commits overlap), a crash can also
 * leave the posting committed and no PENDING row: no answer went out, and the client's retry with the same
 * settlement id records the posting without moving the money again.
 */
class PendingSettlementRecoveryTest {
    @TempDir
    Path dataDir;

    @Test
    void pendingSettlementsAreFinishedOnStartAndPostedExactlyOnce() throws Exception {
        InstantSource clock = InstantSource.system();
        Instant now = clock.instant();
        // State as a crash left it: S1 admitted but never posted; S2 posted but never marked completed.
        try (SqliteDatabase balance = SqliteDatabase.open(dataDir.resolve("balance.db"),
                SettlementAssembly.withInbox(List.of(JdbcLedgerStore.MIGRATIONS)));
             SqliteDatabase collections = SqliteDatabase.open(dataDir.resolve("collections.db"),
                     SettlementAssembly.withInbox(List.of(JdbcSettlementStore.MIGRATIONS)))) {
            BalanceService ledger = new BalanceService(new JdbcLedgerStore(balance, clock));
            ledger.openAccount("CUST_001", Money.of("100.00"));
            JdbcSettlementStore settlements = new JdbcSettlementStore(collections);
            settlements.insert(Settlement.received(payout("S1", "10.00"), "corr_s1", now));
            settlements.insert(Settlement.received(payout("S2", "5.00"), "corr_s2", now));
            ledger.postSettlement("S2", "CUST_001", SettlementType.PAYOUT, Money.of("5.00"), e -> {
            });
            // S3: the posting committed, the crash came before collections' PENDING row did.
            ledger.postSettlement("S3", "CUST_001", SettlementType.PAYOUT, Money.of("3.00"), e -> {
            });
        }

        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("recovery"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        domains.startBackgroundJobs();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(statusOf(runtime, "S1")).isEqualTo(SettlementStatus.COMPLETED);
                assertThat(statusOf(runtime, "S2")).isEqualTo(SettlementStatus.COMPLETED);
            });
            // The client of S3 got no answer and sends it again: recorded as completed, posted once.
            Reply<SettlementOutcome> retried = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(payout("S3", "3.00")), null, Duration.ofSeconds(10)).get();
            assertThat(((Reply.Success<SettlementOutcome>) retried).value())
                    .isInstanceOfSatisfying(SettlementOutcome.Completed.class,
                            c -> assertThat(c.balance()).as("the balance recorded with S3's one posting")
                                    .isEqualTo(Money.of("108.00")));
            assertThat(statusOf(runtime, "S3")).isEqualTo(SettlementStatus.COMPLETED);
            Reply<BalanceReply.Lookup> balance = runtime.request(Addresses.BALANCE,
                    new BalanceCommand.GetBalance("CUST_001"), null, Duration.ofSeconds(5)).get();
            assertThat(balance).isEqualTo(Reply.success(new BalanceReply.CustomerBalance("CUST_001",
                    Money.of("118.00"), Money.ZERO, Money.of("118.00"), Money.ZERO)));
        } finally {
            domains.stopBackgroundJobs();
            runtime.shutdown();
            assertThat(domains.ledgerForChecks().totalOfAllAccounts()).isEqualTo(Money.ZERO);
            assertThat(domains.ledgerForChecks().balance(AccountId.HOUSE)).contains(Money.of("-18.00"));
            domains.close();
        }
    }

    private static SettlementStatus statusOf(WorkerRuntime runtime, String id) throws Exception {
        Reply<SettlementLookup> reply = runtime.request(Addresses.COLLECTIONS, new CollectionsCommand.GetSettlement(id),
                null, Duration.ofSeconds(5)).get();
        return ((SettlementLookup.Found) ((Reply.Success<SettlementLookup>) reply).value()).settlement().status();
    }

    private static SettlementRequest payout(String id, String amount) {
        return new SettlementRequest(id, "CUST_001", SettlementType.PAYOUT, Money.of(amount), null, null, null, null,
                null, null);
    }
}
