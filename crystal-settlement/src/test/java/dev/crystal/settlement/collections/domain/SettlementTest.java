package dev.crystal.settlement.collections.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettlementTest {
    static final SettlementFailure SHORT = new SettlementFailure.InsufficientFunds(Money.ZERO, Money.of("166.67"),
            Money.of("166.67"));
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
        assertThatThrownBy(() -> done.fail(SHORT, RetryPolicy.NEVER, T0))
                .isInstanceOf(IllegalStateException.class);
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

    @Test
    void failedCollectionsAreRetriedWithDoublingDelaysUntilNoRetryIsLeft() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMinutes(5));
        Settlement failed = Settlement.received(REQUEST, "c", T0).fail(SHORT, policy, T0);
        assertThat(failed.retryCount()).isZero();
        assertThat(failed.nextRetryAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(failed.isFinal()).isFalse();
        assertThat(failed.retryDue(T0.plusSeconds(299))).isFalse();

        Settlement retry1 = failed.retry(T0.plusSeconds(300));
        assertThat(retry1.status()).isEqualTo(SettlementStatus.PENDING);
        assertThat(retry1.retryCount()).isEqualTo(1);
        Settlement failed1 = retry1.fail(SHORT, policy, T0.plusSeconds(300));
        assertThat(failed1.nextRetryAt()).isEqualTo(T0.plusSeconds(300 + 600));

        Settlement failed2 = failed1.retry(T0.plusSeconds(900)).fail(SHORT, policy,
                T0.plusSeconds(900));
        assertThat(failed2.retryCount()).isEqualTo(2);
        assertThat(failed2.nextRetryAt()).isNull();
        assertThat(failed2.isFinal()).isTrue();
        assertThatThrownBy(() -> failed2.retry(T0.plusSeconds(99_999))).isInstanceOf(IllegalStateException.class);
    }
}
