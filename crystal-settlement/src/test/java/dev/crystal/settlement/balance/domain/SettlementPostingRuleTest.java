package dev.crystal.settlement.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.balance.domain.SettlementPostingRule.Decision;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import org.junit.jupiter.api.Test;

class SettlementPostingRuleTest {
    @Test
    void payoutMovesMoneyFromHouseToCustomer() {
        Decision d = SettlementPostingRule.decide("PEN_001", "CUST_001", SettlementType.PAYOUT, Money.of("166.67"),
                Money.of("100.00"));
        assertThat(d).isInstanceOfSatisfying(Decision.Post.class, post -> {
            assertThat(post.customerBalanceAfter()).isEqualTo(Money.of("266.67"));
            assertThat(post.posting().changeTo(AccountId.HOUSE)).isEqualTo(Money.of("-166.67"));
            assertThat(post.posting().postingId()).isEqualTo("settlement:PEN_001");
        });
    }

    @Test
    void collectionWithinBalanceMovesMoneyFromCustomerToHouse() {
        Decision d = SettlementPostingRule.decide("S", "C", SettlementType.COLLECTION, Money.of("100.00"),
                Money.of("100.00"));
        assertThat(d).isInstanceOfSatisfying(Decision.Post.class,
                post -> assertThat(post.customerBalanceAfter()).isEqualTo(Money.ZERO));
    }

    @Test
    void collectionAboveBalanceIsRefusedWithTheSeedsErrorDetails() {
        Decision d = SettlementPostingRule.decide("PEN_001", "CUST_001", SettlementType.COLLECTION,
                Money.of("166.67"), Money.of("50.00"));
        assertThat(d).isEqualTo(new Decision.Refuse(Money.of("50.00"), Money.of("166.67"), Money.of("116.67")));
    }
}
