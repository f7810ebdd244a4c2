package dev.crystal.settlement.collections.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettlementTest {
    static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");
    static final SettlementRequest REQUEST = new SettlementRequest("PEN_001", "CUST_001", SettlementType.PAYOUT,
            Money.of("166.67"), "Chiefs vs Bills", "moneyline", Money.of("100.00"), Money.of("166.67"),
            "wire_transfer", "{\"processedBy\":\"Agent Smith\"}");

    @Test
    void completesOnceWithTheSeedsConfirmationNumber() {
        Settlement done = Settlement.received(REQUEST, "corr_1", T0).complete(Money.of("266.67"), T0);
        assertThat(done.status()).isEqualTo(SettlementStatus.COMPLETED);
        assertThat(done.confirmationNumber()).isEqualTo("CONF_PEN_001_" + T0.toEpochMilli());
        assertThat(done.outcome()).isInstanceOf(SettlementOutcome.Completed.class);
        assertThatThrownBy(() -> done.complete(Money.ZERO, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> done.fail("X", null, Money.ZERO, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pendingSettlementsHaveNoOutcome() {
        assertThatThrownBy(() -> Settlement.received(REQUEST, "c", T0).outcome())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fingerprintDiffersWhenAnyFieldDiffers() {
        SettlementRequest other = new SettlementRequest("PEN_001", "CUST_001", SettlementType.PAYOUT,
                Money.of("166.67"), "Chiefs vs Bills", "moneyline", Money.of("100.00"), Money.of("166.67"),
                "wire_transfer", "{\"processedBy\":\"Agent Jones\"}");
        assertThat(REQUEST.fingerprint()).isEqualTo(new SettlementRequest("PEN_001", "CUST_001",
                SettlementType.PAYOUT, Money.of("166.670"), "Chiefs vs Bills", "moneyline", Money.of("100"),
                Money.of("166.67"), "wire_transfer", "{\"processedBy\":\"Agent Smith\"}").fingerprint());
        assertThat(REQUEST.fingerprint()).isNotEqualTo(other.fingerprint());
    }
}
