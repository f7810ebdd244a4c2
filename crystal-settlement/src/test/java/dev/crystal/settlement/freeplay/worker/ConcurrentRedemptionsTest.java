package dev.crystal.settlement.freeplay.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.freeplay.adapter.JdbcBonusStore;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two redemptions of one bonus admitted before either posted (issue 14: concurrent redemptions stayed POSTING
 * forever after a 503 TIMEOUT): the second is refused at once because the first holds the money; a redemption the
 * ledger refuses anyway is dropped and answered, never left posting.
 */
class ConcurrentRedemptionsTest {
    @TempDir
    Path dir;

    @Test
    void aPostingRedemptionHoldsItsAmountAndALedgerRefusalIsDroppedNotLeftPosting() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("freeplay.db"), List.of(JdbcBonusStore.MIGRATIONS))) {
            FreePlayService service = new FreePlayService(new JdbcBonusStore(db));
            service.issue(new BonusIssued("FP_1", "CUST_1", "welcome_bonus", Money.of("10.00"), 0,
                    now.plus(Duration.ofDays(1)), null), now);
            service.recordCredit("FP_1", new BalanceReply.Posted("bonus:FP_1", "CUST_1", Money.of("10.00"), now), now);

            var first = service.redeem("FP_1", "R_1", null, now);        // all 10.00, not posted yet
            assertThat(first).isInstanceOf(FreePlayService.Redeem.Begin.class);
            var second = service.redeem("FP_1", "R_2", Money.of("1.00"), now);
            assertThat(second).isInstanceOfSatisfying(FreePlayService.Redeem.Answer.class, a ->
                    assertThat(a.answer()).isInstanceOfSatisfying(FreePlayMessage.BonusRefused.class, r -> {
                        assertThat(r.code()).isEqualTo("AMOUNT_EXCEEDS_REMAINING");
                        assertThat(r.detail()).contains("10.00 is held by redemptions still posting");
                    }));
            assertThat(service.postingRedemptions()).hasSize(1);

            // the ledger refuses R_1 (say the bonus account was emptied meanwhile): dropped and answered
            var refused = service.refuseRedemption("R_1", new BalanceReply.InsufficientFunds(Money.ZERO,
                    Money.of("10.00"), Money.of("10.00")));
            assertThat(refused).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("LEDGER_REFUSED"));
            assertThat(service.postingRedemptions()).isEmpty();
            assertThat(service.refuseRedemption("R_1", new BalanceReply.UnknownCustomer("CUST_1"))).isEmpty();
            // the money is free again
            assertThat(service.redeem("FP_1", "R_3", Money.of("4.00"), now))
                    .isInstanceOf(FreePlayService.Redeem.Begin.class);
        }
    }
}
