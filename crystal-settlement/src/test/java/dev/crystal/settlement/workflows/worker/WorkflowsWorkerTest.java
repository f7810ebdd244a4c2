package dev.crystal.settlement.workflows.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.contracts.WorkflowMessage;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.workflows.WorkflowsModule;
import dev.crystal.settlement.workflows.adapter.JdbcObservationStore;
import dev.crystal.store.SqliteDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor on a real runtime: events published from outside, in any order, any number of times. */
class WorkflowsWorkerTest {
    static final Instant T = Instant.parse("2025-01-26T15:30:00Z");
    static final SettlementProcessed PROCESSED = new SettlementProcessed("PEN_001", "CUST_001", SettlementType.PAYOUT,
            Money.of("166.67"), Money.of("100.00"), "wire_transfer", T, "CONF_PEN_001", Money.of("266.67"));
    static final BalanceUpdated CREDITED = new BalanceUpdated("CUST_001", LedgerAccount.Type.CUSTOMER_CASH,
            Money.of("100.00"), Money.of("266.67"), "settlement:PEN_001");
    static final CommissionCalculated COMMISSION = new CommissionCalculated("AFF_001", "2025-01",
            Money.of("166.67"), new BigDecimal("20.0"), Money.of("33.33"), Money.ZERO, Money.of("33.33"),
            new CommissionCalculated.PaymentSchedule(LocalDate.parse("2025-02-01"), "wire_transfer", "standard"));
    static final BonusIssued BONUS = new BonusIssued("FP_1234567890", "CUST_001", "deposit_match", Money.of("50.00"),
            5, T.plusSeconds(86_400), "WELCOME");
    static final NoticeSent NOTICE = new NoticeSent("BONUS_ISSUED:FP_1234567890", "CUST_001", "BONUS_ISSUED",
            "FP_1234567890", "log");

    @TempDir
    Path dataDir;
    WorkerRuntime runtime;
    List<SqliteDatabase> opened = new ArrayList<>();

    @BeforeEach
    void start() {
        startRuntime();
    }

    private void startRuntime() {
        runtime = WorkerRuntime.create(RuntimeConfig.defaults("t"));
        SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("workflows.db"),
                SettlementAssembly.withInbox(List.of(JdbcObservationStore.MIGRATIONS)));
        opened.add(db);
        runtime.register(Addresses.WORKFLOWS, SettlementAssembly.exactlyOnce(
                WorkflowsModule.worker(WorkflowsModule.load(null), db), db, runtime, new ContractsPayloadCodec()));
        runtime.subscribe(DomainEvent.class, Addresses.WORKFLOWS, WorkflowMessage.EventReceived::new);
        runtime.start();
    }

    @AfterEach
    void stop() {
        runtime.shutdown();
        opened.forEach(SqliteDatabase::close);
        opened.clear();
    }

    private WorkflowMessage.Progress progress(String correlationId) {
        var reply = runtime.request(Addresses.WORKFLOWS, new WorkflowMessage.GetProgress(correlationId), null,
                Duration.ofSeconds(5)).join();
        return ((Reply.Success<WorkflowMessage.Progress>) reply).value();
    }

    private void publish(String correlationId, DomainEvent... events) {
        for (DomainEvent event : events) {
            assertThat(runtime.publish(event, correlationId)).isEqualTo(1);
        }
    }

    private static List<String> statuses(WorkflowMessage.Instance instance) {
        return instance.steps().stream().map(WorkflowMessage.StepProgress::status).toList();
    }

    @Test
    void nothingObservedMeansNoInstance() {
        assertThat(progress("corr_none").instances()).isEmpty();
        publish("corr_x", CREDITED, COMMISSION);
        assertThat(progress("corr_x").instances()).as("the first step never happened").isEmpty();
    }

    @Test
    void completesWhateverOrderTheEventsArriveIn() {
        List<DomainEvent> events = List.of(PROCESSED, CREDITED, COMMISSION);
        Random random = new Random(42);
        for (int round = 0; round < 6; round++) {
            List<DomainEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            String correlationId = "corr_" + round;
            publish(correlationId, shuffled.toArray(DomainEvent[]::new));
            var progress = progress(correlationId);
            assertThat(progress.correlationId()).isEqualTo(correlationId);
            assertThat(progress.instances()).singleElement().satisfies(instance -> {
                assertThat(instance.workflow()).isEqualTo("SETTLEMENT_TO_DISTRIBUTION");
                assertThat(instance.status()).isEqualTo("completed");
                assertThat(statuses(instance)).containsOnly("done");
                assertThat(instance.steps()).allSatisfy(s -> assertThat(s.at()).isNotNull());
                assertThat(instance.startedAt()).isEqualTo(instance.steps().getFirst().at());
            });
        }
    }

    @Test
    void showsPendingStepsWhileInProgress() {
        publish("corr_x", CREDITED, PROCESSED);
        var instance = progress("corr_x").instances().getFirst();
        assertThat(instance.status()).isEqualTo("in_progress");
        assertThat(instance.steps()).extracting(WorkflowMessage.StepProgress::id)
                .containsExactly("process_settlement", "update_balance", "calculate_commission");
        assertThat(statuses(instance)).containsExactly("done", "done", "pending");
        assertThat(instance.steps().get(2).at()).isNull();
        assertThat(instance.steps().get(2).message()).isEqualTo("COMMISSION_CALCULATED");
    }

    @Test
    void duplicateDeliveryChangesNothing() {
        publish("corr_x", PROCESSED, CREDITED);
        var before = progress("corr_x");
        publish("corr_x", PROCESSED, CREDITED, PROCESSED);
        assertThat(progress("corr_x")).isEqualTo(before);
    }

    @Test
    void oneCorrelationCanRunSeveralWorkflowsAndCorrelationsStayApart() {
        publish("corr_bonus", BONUS, CREDITED, NOTICE, new SecurityAlert("A1", "CUST_001", "X", "d", T));
        publish("corr_other", PROCESSED);
        var bonus = progress("corr_bonus");
        assertThat(bonus.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.workflow()).isEqualTo("BONUS_FLOW");
            assertThat(instance.status()).isEqualTo("completed");
        });
        assertThat(progress("corr_other").instances()).singleElement()
                .satisfies(i -> assertThat(statuses(i)).containsExactly("done", "pending", "pending"));
        publish("corr_bonus", PROCESSED);
        assertThat(progress("corr_bonus").instances()).extracting(WorkflowMessage.Instance::workflow)
                .containsExactly("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW");
    }

    @Test
    void progressSurvivesARestart() {
        publish("corr_x", PROCESSED, CREDITED);
        var before = progress("corr_x");
        stop();
        startRuntime();
        assertThat(progress("corr_x")).isEqualTo(before);
    }

    @Test
    void listsTheDefinitions() {
        var reply = runtime.request(Addresses.WORKFLOWS, new WorkflowMessage.ListDefinitions(), null,
                Duration.ofSeconds(5)).join();
        var definitions = ((Reply.Success<WorkflowMessage.Definitions>) reply).value().workflows();
        assertThat(definitions).extracting(WorkflowMessage.Definition::name)
                .containsExactly("SETTLEMENT_TO_DISTRIBUTION", "BONUS_FLOW", "BONUS_REDEMPTION");
        assertThat(definitions.getFirst().steps().get(1)).isEqualTo(new WorkflowMessage.StepDefinition(
                "update_balance", "balance", "update_balance", "BALANCE_UPDATED", List.of("process_settlement")));
    }
}
