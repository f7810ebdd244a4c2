package dev.crystal.settlement.distributions.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.CommissionCalculated.PaymentSchedule;
import dev.crystal.settlement.distributions.application.DistributionsStore;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.distributions.domain.Statement;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.storetest.StoreContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DistributionsStore} does, run against SQLite and PostgreSQL. Thread ownership: the JUnit thread. */
abstract class DistributionsStoreContract extends StoreContract {
    private static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");

    private DistributionsStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcDistributionsStore(database("distributions"));
    }

    private static Affiliate affiliate(String id) {
        return new Affiliate(id, new BigDecimal("12.5"), Money.of("1000.00"), new BigDecimal("2.25"),
                Affiliate.DEFAULT_PAYMENT_METHOD);
    }

    private static CommissionCalculated commission(String affiliateId, String period) {
        return new CommissionCalculated(affiliateId, period, Money.of("800.00"), new BigDecimal("12.5"),
                Money.of("100.00"), Money.ZERO, Money.of("100.00"),
                new PaymentSchedule(LocalDate.of(2025, 2, 1), Affiliate.DEFAULT_PAYMENT_METHOD, "normal"));
    }

    @Test
    void affiliatesAndTheirCustomersAreStoredInOrder() {
        store.insertAffiliate(affiliate("AFF2"), T0);
        store.insertAffiliate(affiliate("AFF1"), T0);
        store.link("C2", "AFF1", T0);
        store.link("C1", "AFF1", T0);
        assertThat(store.affiliate("AFF1")).contains(affiliate("AFF1"));
        assertThat(store.affiliate("AFF9")).isEmpty();
        assertThat(store.affiliateIds()).containsExactly("AFF1", "AFF2");
        assertThat(store.customersOf("AFF1")).containsExactly("C1", "C2");
        assertThat(store.affiliateOf("C1")).contains("AFF1");
        assertThat(store.affiliateOf("C9")).isEmpty();
    }

    @Test
    void aSettlementsRevenueCountsOncePerPeriod() {
        store.insertAffiliate(affiliate("AFF1"), T0);
        assertThat(store.recordRevenue("S1", "AFF1", "2025-01", Money.of("30.00"))).isTrue();
        assertThat(store.recordRevenue("S2", "AFF1", "2025-01", Money.of("-10.00"))).isTrue();
        assertThat(store.recordRevenue("S1", "AFF1", "2025-01", Money.of("30.00"))).isFalse();
        assertThat(store.recordRevenue("S3", "AFF1", "2025-02", Money.of("5.00"))).isTrue();
        assertThat(store.revenue("AFF1", "2025-01")).isEqualTo(Money.of("20.00"));
        assertThat(store.revenue("AFF1", "2024-12")).isEqualTo(Money.ZERO);
    }

    @Test
    void savingAStatementReplacesThatOfItsPeriod() {
        store.insertAffiliate(affiliate("AFF1"), T0);
        Statement calculated = Statement.calculated(commission("AFF1", "2025-01"));
        store.save(calculated);
        store.save(Statement.calculated(commission("AFF1", "2025-02")));
        assertThat(store.statement("AFF1", "2025-01")).contains(calculated);
        assertThat(store.paying()).isEmpty();
        Statement paying = calculated.paying(T0);
        store.save(paying);
        assertThat(store.paying()).containsExactly(paying);
        Statement paid = paying.paid(T0.plusSeconds(3));
        store.save(paid);
        assertThat(store.statement("AFF1", "2025-01")).contains(paid);
        assertThat(store.statements("AFF1")).hasSize(2).contains(paid);
        assertThat(store.paying()).isEmpty();
    }
}
