package dev.crystal.settlement.adjustments.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.AdjustmentsCommand.Direction;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdjustmentTest {
    static final Instant T0 = Instant.parse("2025-01-26T15:30:00Z");
    static final Money LIMIT = Money.of("1000.00");

    @Test
    void upToTheLimitAnAdjustmentIsPostedWithoutApproval() {
        var a = Adjustment.requested("A1", "C", Direction.CREDIT, Money.of("1000.00"), "fix", "alice", LIMIT, T0);
        assertThat(a.status()).isEqualTo(Adjustment.Status.POSTING);
    }

    @Test
    void aboveTheLimitASecondDifferentPersonMustApprove() {
        var a = Adjustment.requested("A2", "C", Direction.DEBIT, Money.of("1000.01"), "fix", "alice", LIMIT, T0);
        assertThat(a.status()).isEqualTo(Adjustment.Status.PENDING_APPROVAL);
        assertThat(a.mayBeApprovedBy("alice")).isFalse();
        assertThat(a.mayBeApprovedBy("ALICE")).isFalse();
        assertThatThrownBy(() -> a.approved("alice", T0)).isInstanceOf(IllegalArgumentException.class);
        var approved = a.approved("bob", T0);
        assertThat(approved.status()).isEqualTo(Adjustment.Status.POSTING);
        assertThat(approved.applied(Money.of("5.00"), T0).status()).isEqualTo(Adjustment.Status.APPLIED);
    }

    @Test
    void rejectedAdjustmentsCannotBeApprovedLater() {
        var a = Adjustment.requested("A3", "C", Direction.CREDIT, Money.of("5000"), "fix", "alice", LIMIT, T0)
                .rejected("bob", "no evidence", T0);
        assertThat(a.status()).isEqualTo(Adjustment.Status.REJECTED);
        assertThatThrownBy(() -> a.approved("carol", T0)).isInstanceOf(IllegalStateException.class);
    }
}
