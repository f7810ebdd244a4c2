package dev.crystal.settlement.collections.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.collections.application.SettlementStore;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.collections.domain.SettlementFailure;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SettlementStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class SettlementStoreContract extends StoreContract {
    private static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");

    private SettlementStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcSettlementStore(database("collections"));
    }

    private static Settlement received(String id, Instant at) {
        return Settlement.received(new SettlementRequest(id, "CUST_001", SettlementType.COLLECTION, Money.of("12.34"),
                "Final", "moneyline", Money.of("10.00"), Money.of("22.34"), "card", "{\"k\":\"v\"}"), "corr-" + id, at);
    }

    @Test
    void insertedSettlementIsFoundExactlyAsStoredAndPendingOldestFirst() {
        Settlement later = received("S2", T0.plusSeconds(5));
        Settlement earlier = received("S1", T0);
        store.insert(later);
        store.insert(earlier);
        assertThat(store.find("S1")).contains(earlier);
        assertThat(store.find("S3")).isEmpty();
        assertThat(store.pending()).extracting(Settlement::id).containsExactly("S1", "S2");
    }

    @Test
    void updatesReplaceTheOutcomeAndRetriesAreListedSoonestFirst() {
        store.insert(received("S1", T0));
        store.insert(received("S2", T0));
        store.insert(received("S3", T0));
        Settlement done = store.find("S1").orElseThrow().complete(Money.of("50.00"), T0.plusSeconds(1));
        store.update(done);
        RetryPolicy retries = new RetryPolicy(3, Duration.ofMinutes(5));
        SettlementFailure shortBy = new SettlementFailure.InsufficientFunds(Money.of("1.00"), Money.of("12.34"),
                Money.of("11.34"));
        Settlement failedLater = store.find("S2").orElseThrow()
                .fail(shortBy, retries, T0.plusSeconds(9));
        Settlement failedSooner = store.find("S3").orElseThrow()
                .fail(shortBy, retries, T0.plusSeconds(2));
        store.update(failedLater);
        store.update(failedSooner);
        assertThat(store.find("S1")).contains(done);
        assertThat(store.find("S2")).contains(failedLater);
        assertThat(store.pending()).isEmpty();
        assertThat(store.awaitingRetry()).extracting(Settlement::id).containsExactly("S3", "S2");
    }

    @Test
    void deletePendingRemovesTheSettlement() {
        store.insert(received("S1", T0));
        store.deletePending("S1");
        assertThat(store.find("S1")).isEmpty();
        assertThat(store.pending()).isEmpty();
    }
}
