package dev.crystal.settlement.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Outbox payloads survive the contract JSON exactly; nothing outside the contracts is written or read.
 * Thread ownership: the JUnit thread.
 */
class ContractsPayloadCodecTest {
    private final ContractsPayloadCodec codec = new ContractsPayloadCodec();

    @Test
    void eventsRoundTripExactly() {
        Object[] events = {
                new BalanceUpdated("CUST_1", LedgerAccount.Type.CUSTOMER_CASH, Money.of("100.00"), Money.of("110.01"),
                        "settlement:S1"),
                new SettlementProcessed("S1", "CUST_1", SettlementType.PAYOUT, Money.of("10.00"), null, "card",
                        Instant.parse("2026-12-05T06:00:00.123456Z"), "CONF-1", Money.of("110.00"))};
        for (Object event : events) {
            assertThat(codec.decode(event.getClass().getName(), codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void onlyContractClassesAreWrittenOrRead() {
        assertThatThrownBy(() -> codec.encode("text")).hasMessageContaining("java.lang.String is not a message contract");
        assertThatThrownBy(() -> codec.decode("java.io.File", "\"/etc\""))
                .hasMessageContaining("java.io.File is not a message contract");
        assertThatThrownBy(() -> codec.decode(BalanceUpdated.class.getName(), "{\"nope\":1}"))
                .hasMessageContaining("is not a valid " + BalanceUpdated.class.getName());
    }
}
