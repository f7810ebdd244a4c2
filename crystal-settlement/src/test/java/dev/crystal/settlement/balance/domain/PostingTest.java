package dev.crystal.settlement.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.kernel.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostingTest {
    private final AccountId cust = AccountId.customer("CUST_001");

    @Test
    void transferDebitsOneAccountAndCreditsTheOther() {
        Posting p = Posting.transfer("p1", "ref", AccountId.HOUSE, cust, Money.of("166.67"));
        assertThat(p.changeTo(cust)).isEqualTo(Money.of("166.67"));
        assertThat(p.changeTo(AccountId.HOUSE)).isEqualTo(Money.of("-166.67"));
    }

    @Test
    void unbalancedPostingsCannotExist() {
        assertThatThrownBy(() -> new Posting("p2", "ref", List.of(
                new Entry(cust, Money.of("10.00")), new Entry(AccountId.HOUSE, Money.of("-9.99")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced by 0.01");
    }

    @Test
    void aPostingNeedsTwoEntriesThatMoveMoney() {
        assertThatThrownBy(() -> new Posting("p3", "ref", List.of(new Entry(cust, Money.of("1.00")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(cust, Money.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posting.transfer("p4", "r", cust, AccountId.HOUSE, Money.of("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accountKeysRoundTrip() {
        assertThat(AccountId.parse(cust.key())).isEqualTo(cust);
        assertThat(cust.key()).isEqualTo("customer:CUST_001");
    }
}
