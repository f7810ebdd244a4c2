package dev.crystal.settlement.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.balance.domain.TransferRule.Decision;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import org.junit.jupiter.api.Test;

class TransferRuleTest {
    private final AccountId cust = AccountId.customer("CUST_001");

    @Test
    void payoutMovesMoneyFromHouseToCustomerEvenWhenTheHouseGoesNegative() {
        Decision d = TransferRule.decide("settlement:PEN_001", "r",
                SettlementPostingRule.payer(SettlementType.PAYOUT, "CUST_001"),
                SettlementPostingRule.payee(SettlementType.PAYOUT, "CUST_001"), Money.of("166.67"), Money.ZERO);
        assertThat(d).isInstanceOfSatisfying(Decision.Allow.class, allow -> {
            assertThat(allow.posting().changeTo(cust)).isEqualTo(Money.of("166.67"));
            assertThat(allow.posting().changeTo(AccountId.HOUSE)).isEqualTo(Money.of("-166.67"));
        });
    }

    @Test
    void collectionOfExactlyTheAvailableCashIsAllowed() {
        assertThat(TransferRule.decide("p", "r", cust, AccountId.HOUSE, Money.of("100.00"), Money.of("100.00")))
                .isInstanceOf(Decision.Allow.class);
    }

    @Test
    void customerAccountsCannotPayMoreThanIsAvailableWithTheSeedsErrorDetails() {
        assertThat(TransferRule.decide("p", "r", cust, AccountId.HOUSE, Money.of("166.67"), Money.of("50.00")))
                .isEqualTo(new Decision.Refuse(Money.of("50.00"), Money.of("166.67"), Money.of("116.67")));
        assertThat(TransferRule.decide("p", "r", AccountId.bonus("CUST_001"), cust, Money.of("1.00"), Money.ZERO))
                .isInstanceOf(Decision.Refuse.class);
    }
}
