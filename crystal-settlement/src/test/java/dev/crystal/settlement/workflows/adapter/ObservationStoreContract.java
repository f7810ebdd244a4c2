package dev.crystal.settlement.workflows.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.storetest.StoreContract;
import dev.crystal.settlement.workflows.application.ObservationStore;
import dev.crystal.settlement.workflows.domain.Observation;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ObservationStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class ObservationStoreContract extends StoreContract {
    private static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");

    private ObservationStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcObservationStore(database("workflows"));
    }

    @Test
    void aMessageIsRecordedOnceAndFoundByCorrelation() {
        Observation first = new Observation("corr-1", "SettlementCompleted", "collections", "m1", T0);
        Observation second = new Observation("corr-1", "BalanceChanged", "balance", "m2", T0.plusSeconds(1));
        Observation other = new Observation("corr-2", "SettlementCompleted", "collections", "m3", T0);
        assertThat(store.record(first)).isTrue();
        assertThat(store.record(second)).isTrue();
        assertThat(store.record(other)).isTrue();
        assertThat(store.record(first)).isFalse();
        assertThat(store.forCorrelation("corr-1")).containsExactlyInAnyOrder(first, second);
        assertThat(store.forCorrelation("corr-9")).isEmpty();
    }
}
