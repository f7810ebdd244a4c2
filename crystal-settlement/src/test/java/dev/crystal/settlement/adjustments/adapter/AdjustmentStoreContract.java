package dev.crystal.settlement.adjustments.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.adjustments.application.AdjustmentStore;
import dev.crystal.settlement.adjustments.domain.Adjustment;
import dev.crystal.settlement.contracts.AdjustmentsCommand.Direction;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreContract;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AdjustmentStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class AdjustmentStoreContract extends StoreContract {
    private static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");
    private static final Money LIMIT = Money.of("100.00");

    private AdjustmentStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcAdjustmentStore(database("adjustments"));
    }

    @Test
    void requestsAreStoredAndTheirDecisionsReplaceThem() {
        Adjustment small = Adjustment.requested("A1", "C1", Direction.CREDIT, Money.of("5.00"), "goodwill", "alice",
                LIMIT, T0);
        Adjustment large = Adjustment.requested("A2", "C1", Direction.DEBIT, Money.of("500.00"), "chargeback", "alice",
                LIMIT, T0);
        store.insert(small);
        store.insert(large);
        assertThat(store.find("A1")).contains(small);
        assertThat(store.find("A9")).isEmpty();
        assertThat(store.posting()).containsExactly(small);

        Adjustment approved = large.approved("bob", T0.plusSeconds(60));
        store.update(approved);
        Adjustment applied = small.applied(Money.of("105.00"), T0.plusSeconds(1));
        store.update(applied);
        assertThat(store.find("A1")).contains(applied);
        assertThat(store.find("A2")).contains(approved);
        assertThat(store.posting()).containsExactly(approved);
    }

    @Test
    void rejectionsKeepTheirReason() {
        Adjustment large = Adjustment.requested("A3", "C2", Direction.CREDIT, Money.of("900.00"), "refund", "alice",
                LIMIT, T0);
        store.insert(large);
        Adjustment rejected = large.rejected("bob", "no evidence", T0.plusSeconds(5));
        store.update(rejected);
        assertThat(store.find("A3")).contains(rejected);
        assertThat(store.posting()).isEmpty();
    }
}
