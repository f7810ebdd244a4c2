package dev.crystal.settlement.distributions.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CommissionCalculatorTest {
    static final Affiliate AFF = new Affiliate("AFF_001", new BigDecimal("20.0"), Money.of("100000.00"),
            new BigDecimal("10"), "wire_transfer");

    @Test
    void reproducesTheSeedsCommissionCalculatedMessage() {
        CommissionCalculated c = CommissionCalculator.calculate(AFF, "2025-01", Money.of("125000.00"));
        assertThat(c.calculatedAmount()).isEqualTo(Money.of("25000.00"));
        assertThat(c.performanceBonus()).isEqualTo(Money.of("2500.00"));
        assertThat(c.totalAmount()).isEqualTo(Money.of("27500.00"));
        assertThat(c.paymentSchedule().scheduledDate()).isEqualTo(LocalDate.parse("2025-02-01"));
        assertThat(c.paymentSchedule().priority()).isEqualTo("high");
    }

    @Test
    void noBonusBelowTheThresholdAndNoCommissionOnLosses() {
        assertThat(CommissionCalculator.calculate(AFF, "2025-01", Money.of("99999.99")).performanceBonus())
                .isEqualTo(Money.ZERO);
        CommissionCalculated loss = CommissionCalculator.calculate(AFF, "2025-01", Money.of("-500.00"));
        assertThat(loss.totalAmount()).isEqualTo(Money.ZERO);
        assertThat(loss.baseRevenue()).isEqualTo(Money.of("-500.00"));
    }

    @Test
    void roundsHalfEvenToCents() {
        Affiliate odd = new Affiliate("A", new BigDecimal("12.5"), null, null, "wire_transfer");
        assertThat(CommissionCalculator.calculate(odd, "2025-01", Money.of("0.20")).calculatedAmount())
                .isEqualTo(Money.of("0.02")); // 0.025 -> 0.02
        assertThat(CommissionCalculator.calculate(odd, "2025-01", Money.of("0.28")).calculatedAmount())
                .isEqualTo(Money.of("0.04")); // 0.035 -> 0.04
    }
}
