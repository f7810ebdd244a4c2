package dev.crystal.settlement.collections.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.collections.adapter.JdbcSettlementStore;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionsServiceTest {
    static final Instant NOW = Instant.parse("2025-01-26T15:30:00Z");

    @TempDir
    Path dir;
    SqliteDatabase db;
    CollectionsService service;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("collections.db"), JdbcSettlementStore.MIGRATIONS);
        service = new CollectionsService(new JdbcSettlementStore(db), RetryPolicy.NEVER);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static SettlementRequest collection(String id, String amount) {
        return new SettlementRequest(id, "CUST_001", SettlementType.COLLECTION, Money.of(amount), null, null, null,
                null, null, null);
    }

    @Test
    void firstSubmissionIsAcceptedAndASecondWaitsForTheSameOutcome() {
        assertThat(service.admit(collection("S1", "10.00"), "corr_a", NOW)).isInstanceOf(Admission.Accepted.class);
        assertThat(service.admit(collection("S1", "10.00"), "corr_b", NOW)).isInstanceOf(Admission.InProgress.class);
        assertThat(service.pending()).hasSize(1);
    }

    @Test
    void afterTheLedgerAnswersResendsGetTheOriginalOutcomeWithItsCorrelationId() {
        service.admit(collection("S1", "10.00"), "corr_a", NOW);
        var outcome = service.recordLedgerAnswer("S1",
                new BalanceReply.InsufficientFunds(Money.of("5.00"), Money.of("10.00"), Money.of("5.00")), NOW);
        assertThat(outcome).get().extracting(CollectionsService.Recorded::outcome).isInstanceOf(SettlementOutcome.Failed.class);
        var again = service.admit(collection("S1", "10.00"), "corr_b", NOW);
        assertThat(again).isInstanceOfSatisfying(Admission.AlreadyDone.class, done ->
                assertThat(((SettlementOutcome.Failed) done.outcome()).correlationId()).isEqualTo("corr_a"));
        // a late duplicate answer changes nothing
        assertThat(service.recordLedgerAnswer("S1", new BalanceReply.Posted("settlement:S1", "CUST_001", Money.ZERO, NOW), NOW))
                .isEmpty();
        assertThat(service.find("S1")).get().extracting(s -> s.status()).isEqualTo(SettlementStatus.FAILED);
    }

    @Test
    void sameIdWithDifferentFieldsConflicts() {
        service.admit(collection("S1", "10.00"), "corr_a", NOW);
        assertThat(service.admit(collection("S1", "10.01"), "corr_b", NOW)).isInstanceOf(Admission.Conflicting.class);
    }

    @Test
    void unknownCustomerLeavesNoRecord() {
        service.admit(collection("S1", "10.00"), "corr_a", NOW);
        assertThat(service.recordLedgerAnswer("S1", new BalanceReply.UnknownCustomer("CUST_001"), NOW)).get()
                .extracting(CollectionsService.Recorded::outcome).isInstanceOf(SettlementOutcome.CustomerNotFound.class);
        assertThat(service.find("S1")).isEmpty();
    }
}
