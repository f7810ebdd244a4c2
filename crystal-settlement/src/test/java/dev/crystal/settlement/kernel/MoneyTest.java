package dev.crystal.settlement.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void convertsExactlyToAndFromTwoDecimals() {
        assertThat(Money.of("166.67").minor()).isEqualTo(16_667);
        assertThat(Money.of("100").toBigDecimal()).isEqualTo(new BigDecimal("100.00"));
        assertThat(Money.of(new BigDecimal("1.50")).toString()).isEqualTo("1.50");
        assertThat(Money.of(new BigDecimal("1E+2")).minor()).isEqualTo(10_000);
    }

    @Test
    void refusesMoreThanTwoDecimalsInsteadOfRounding() {
        assertThatThrownBy(() -> Money.of("0.001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 2 decimals");
        assertThat(Money.of("0.100").minor()).isEqualTo(10); // trailing zeros are not extra precision
    }

    @Test
    void arithmeticIsExactAndOverflowIsAnError() {
        assertThat(Money.of("0.10").plus(Money.of("0.20"))).isEqualTo(Money.of("0.30"));
        assertThat(Money.of("50.00").minus(Money.of("166.67"))).isEqualTo(Money.of("-116.67"));
        assertThatThrownBy(() -> Money.ofMinor(Long.MAX_VALUE).plus(Money.ofMinor(1)))
                .isInstanceOf(ArithmeticException.class);
    }
}
