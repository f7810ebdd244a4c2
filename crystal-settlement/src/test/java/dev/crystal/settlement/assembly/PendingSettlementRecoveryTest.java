package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
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
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.contracts.SettlementView;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final Address<SettlementProcessed> PROBE = Address.of("orphan-probe", SettlementProcessed.class);

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

    /**
     * Item 5 of issue 14: a posting committed in the ledger whose settlement row never committed (the crash came
     * between the two overlapping commits) is found at the next start and recorded COMPLETED from the posting,
     * without any client re-send, and published; money moves once. A later re-send of the same settlement (with
     * the fields the posting does not carry) is answered with that outcome, and moves nothing.
     */
    @Test
    void anOrphanPostingIsRecordedCompletedAtStartWithoutAResend() throws Exception {
        InstantSource clock = InstantSource.system();
        try (SqliteDatabase balance = SqliteDatabase.open(dataDir.resolve("balance.db"),
                SettlementAssembly.withInbox(List.of(JdbcLedgerStore.MIGRATIONS)));
             SqliteDatabase collections = SqliteDatabase.open(dataDir.resolve("collections.db"),
                     SettlementAssembly.withInbox(List.of(JdbcSettlementStore.MIGRATIONS)))) {
            BalanceService ledger = new BalanceService(new JdbcLedgerStore(balance, clock));
            ledger.openAccount("CUST_001", Money.of("100.00"));
            JdbcSettlementStore settlements = new JdbcSettlementStore(collections);
            // O1 (payout) and O2 (collection): posted, their rows lost. K1: posted and recorded as usual.
            ledger.postSettlement("O1", "CUST_001", SettlementType.PAYOUT, Money.of("7.00"), e -> {
            });
            ledger.postSettlement("K1", "CUST_001", SettlementType.PAYOUT, Money.of("1.00"), e -> {
            });
            settlements.insert(Settlement.received(payout("K1", "1.00"), "corr_k1", clock.instant())
                    .complete(Money.of("108.00"), clock.instant()));
            ledger.postSettlement("O2", "CUST_001", SettlementType.COLLECTION, Money.of("2.50"), e -> {
            });
        }

        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("orphans"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        List<SettlementProcessed> processed = new CopyOnWriteArrayList<>();
        runtime.register(PROBE, new Worker<>() {
            @Override
            public void onMessage(Envelope<SettlementProcessed> envelope, WorkerContext context) {
                processed.add(envelope.payload());
            }
        });
        runtime.subscribe(SettlementProcessed.class, PROBE);
        runtime.start();
        domains.startBackgroundJobs();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(statusOf(runtime, "O1")).isEqualTo(SettlementStatus.COMPLETED);
                assertThat(statusOf(runtime, "O2")).isEqualTo(SettlementStatus.COMPLETED);
            });
            SettlementView o1 = viewOf(runtime, "O1");
            assertThat(o1.request().type()).isEqualTo(SettlementType.PAYOUT);
            assertThat(o1.request().amount()).isEqualTo(Money.of("7.00"));
            assertThat(o1.balanceAfter()).as("the customer's balance right after O1's posting")
                    .isEqualTo(Money.of("107.00"));
            SettlementView o2 = viewOf(runtime, "O2");
            assertThat(o2.request().type()).isEqualTo(SettlementType.COLLECTION);
            assertThat(o2.request().amount()).isEqualTo(Money.of("2.50"));
            assertThat(o2.balanceAfter()).isEqualTo(Money.of("105.50"));
            assertThat(viewOf(runtime, "K1").correlationId()).as("a settlement with its row is left alone")
                    .isEqualTo("corr_k1");
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(processed)
                    .extracting(SettlementProcessed::settlementId).containsExactlyInAnyOrder("O1", "O2"));

            // The client re-sends O1 with every field it first sent: the recorded outcome, no money moves.
            SettlementRequest full = new SettlementRequest("O1", "CUST_001", SettlementType.PAYOUT, Money.of("7.00"),
                    "Chiefs vs Bills", "moneyline", Money.of("5.00"), Money.of("7.00"), "wire_transfer", null);
            Reply<SettlementOutcome> resent = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(full), null, Duration.ofSeconds(10)).get();
            assertThat(((Reply.Success<SettlementOutcome>) resent).value())
                    .isInstanceOfSatisfying(SettlementOutcome.Completed.class,
                            c -> assertThat(c.balance()).isEqualTo(Money.of("107.00")));
            // Other money under the same id is still a conflict.
            Reply<SettlementOutcome> other = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(payout("O1", "9.00")), null, Duration.ofSeconds(10)).get();
            assertThat(((Reply.Success<SettlementOutcome>) other).value())
                    .isInstanceOf(SettlementOutcome.Conflict.class);
            Reply<BalanceReply.Lookup> balance = runtime.request(Addresses.BALANCE,
                    new BalanceCommand.GetBalance("CUST_001"), null, Duration.ofSeconds(5)).get();
            assertThat(balance).isEqualTo(Reply.success(new BalanceReply.CustomerBalance("CUST_001",
                    Money.of("105.50"), Money.ZERO, Money.of("105.50"), Money.ZERO)));
        } finally {
            domains.stopBackgroundJobs();
            runtime.shutdown();
            assertThat(domains.ledgerForChecks().totalOfAllAccounts()).isEqualTo(Money.ZERO);
            domains.close();
        }
    }

    /**
     * Issue 15, item 2: a completed settlement is answered once its PENDING row and its posting are durable, before
     * its outcome row commits. A crash in that window leaves the row PENDING beside the posting; the restart derives
     * the outcome from the posting again, and it is the one the client was told: same confirmation number, same time,
     * same balance. Money moves once.
     */
    @Test
    void anOutcomeAnsweredBeforeItsRowCommittedIsRecoveredAsAnswered() throws Exception {
        InstantSource clock = InstantSource.system();
        BalanceReply.Posted posted;
        try (SqliteDatabase balance = SqliteDatabase.open(dataDir.resolve("balance.db"),
                SettlementAssembly.withInbox(List.of(JdbcLedgerStore.MIGRATIONS)));
             SqliteDatabase collections = SqliteDatabase.open(dataDir.resolve("collections.db"),
                     SettlementAssembly.withInbox(List.of(JdbcSettlementStore.MIGRATIONS)))) {
            BalanceService ledger = new BalanceService(new JdbcLedgerStore(balance, clock));
            ledger.openAccount("CUST_001", Money.of("100.00"));
            JdbcSettlementStore settlements = new JdbcSettlementStore(collections);
            settlements.insert(Settlement.received(payout("A1", "12.00"), "corr_a1", clock.instant()));
            posted = (BalanceReply.Posted) ledger.postSettlement("A1", "CUST_001", SettlementType.PAYOUT,
                    Money.of("12.00"), e -> {
                    });
        }
        // What the client was answered before the crash: derived from the posting alone.
        SettlementOutcome.Completed answered = (SettlementOutcome.Completed) Settlement
                .received(payout("A1", "12.00"), "corr_a1", posted.postedAt())
                .complete(posted.balanceAfter(), posted.postedAt()).outcome();

        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("answered-early"));
        SettlementAssembly domains = SettlementAssembly.install(runtime, dataDir);
        runtime.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(statusOf(runtime, "A1")).isEqualTo(SettlementStatus.COMPLETED));
            SettlementView recovered = viewOf(runtime, "A1");
            assertThat(recovered.confirmationNumber()).isEqualTo(answered.confirmationNumber());
            assertThat(recovered.balanceAfter()).isEqualTo(Money.of("112.00")).isEqualTo(answered.balance());
            Reply<SettlementOutcome> resent = runtime.request(Addresses.COLLECTIONS,
                    new CollectionsCommand.ProcessSettlement(payout("A1", "12.00")), null, Duration.ofSeconds(10)).get();
            assertThat(((Reply.Success<SettlementOutcome>) resent).value()).isEqualTo(answered);
        } finally {
            runtime.shutdown();
            assertThat(domains.ledgerForChecks().totalOfAllAccounts()).isEqualTo(Money.ZERO);
            assertThat(domains.ledgerForChecks().balance(AccountId.HOUSE)).contains(Money.of("-12.00"));
            domains.close();
        }
    }

    private static SettlementView viewOf(WorkerRuntime runtime, String id) throws Exception {
        Reply<SettlementLookup> reply = runtime.request(Addresses.COLLECTIONS, new CollectionsCommand.GetSettlement(id),
                null, Duration.ofSeconds(5)).get();
        return ((SettlementLookup.Found) ((Reply.Success<SettlementLookup>) reply).value()).settlement();
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
