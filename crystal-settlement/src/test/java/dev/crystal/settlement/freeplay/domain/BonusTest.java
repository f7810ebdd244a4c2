package dev.crystal.settlement.freeplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BonusTest {
    static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");
    static final BonusIssued WELCOME = new BonusIssued("FP_1", "CUST_001", "welcome_bonus", Money.of("500.00"), 10,
            Instant.parse("2025-02-25T17:00:00Z"), "WELCOME_2025");

    Bonus active() {
        return Bonus.issuing(WELCOME, T0).credited(T0);
    }

    @Test
    void redemptionWaitsForTheWageringRequirement() {
        Bonus b = active();
        assertThat(b.wageringRequired()).isEqualTo(Money.of("5000.00"));
        assertThat(b.redemptionRefusal(Money.of("250.00"), T0))
                .map(RedemptionRefusal::code).hasValue("WAGERING_NOT_MET");
        Bonus wagered = b.wager(Money.of("4999.99"));
        assertThat(wagered.redemptionRefusal(Money.of("250.00"), T0))
                .map(RedemptionRefusal::code).hasValue("WAGERING_NOT_MET");
        assertThat(wagered.wager(Money.of("0.01")).redemptionRefusal(Money.of("250.00"), T0)).isEmpty();
    }

    @Test
    void partialRedemptionsLeaveTheRestUntilAllIsRedeemed() {
        Bonus b = active().wager(Money.of("5000.00"));
        Bonus half = b.redeemed(Money.of("250.00"), T0);
        assertThat(half.status()).isEqualTo(Bonus.Status.ACTIVE);
        assertThat(half.remaining()).isEqualTo(Money.of("250.00"));
        assertThat(half.redemptionEvent(Money.of("250.00"), T0).status()).isEqualTo("partially_redeemed");
        assertThat(half.redemptionRefusal(Money.of("250.01"), T0))
                .map(RedemptionRefusal::code).hasValue("AMOUNT_EXCEEDS_REMAINING");
        Bonus all = half.redeemed(Money.of("250.00"), T0);
        assertThat(all.status()).isEqualTo(Bonus.Status.REDEEMED);
        assertThat(all.remaining()).isEqualTo(Money.ZERO);
        assertThat(all.redemptionRefusal(Money.of("1.00"), T0))
                .map(RedemptionRefusal::code).hasValue("BONUS_NOT_ACTIVE");
    }

    @Test
    void expiryForfeitsWhatIsLeftAndStopsRedemptions() {
        Bonus b = active().wager(Money.of("5000.00")).redeemed(Money.of("100.00"), T0);
        Instant after = WELCOME.expiresAt();
        assertThat(b.redemptionRefusal(Money.of("1.00"), after))
                .map(RedemptionRefusal::code).hasValue("BONUS_EXPIRED");
        Bonus expired = b.expiring().expired(after);
        assertThat(expired.forfeited()).isEqualTo(Money.of("400.00"));
        assertThat(expired.remaining()).isEqualTo(Money.ZERO);
        assertThat(expired.expiryEvent().forfeitedAmount()).isEqualTo(Money.of("400.00"));
        assertThatThrownBy(() -> expired.redeemed(Money.of("1.00"), after)).isInstanceOf(IllegalStateException.class);
    }
}
