package dev.crystal.settlement.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Contracts survive JSON and YAML exactly, whatever their values. */
class ContractsJsonProperties {
    final MessageDocumentCodec json = MessageDocumentCodec.json();
    final MessageDocumentCodec yaml = MessageDocumentCodec.yaml();
    final ObjectMapper jsonMapper = ContractsJson.jsonMapper();
    final ObjectMapper yamlMapper = ContractsJson.yamlMapper();

    @Property
    void moneyRoundTripsExactly(@ForAll("money") Money money) throws Exception {
        assertThat(jsonMapper.readValue(jsonMapper.writeValueAsString(money), Money.class)).isEqualTo(money);
        assertThat(yamlMapper.readValue(yamlMapper.writeValueAsString(money), Money.class)).isEqualTo(money);
        assertThat(jsonMapper.writeValueAsString(money)).isEqualTo(money.toBigDecimal().toPlainString());
    }

    @Property
    void moneyWithMoreThanTwoDecimalsIsRefused(@ForAll("money") Money money, @ForAll("extraDigit") int digit) {
        String text = money.toBigDecimal().toPlainString() + digit;
        assertThatThrownBy(() -> jsonMapper.readValue(text, Money.class))
                .hasMessageContaining("money has at most 2 decimals");
    }

    @Property
    void settlementProcessedRoundTrips(@ForAll("settlementProcessed") SettlementProcessed event) {
        assertRoundTrip(MessageDocument.of(event));
    }

    @Property
    void settlementFailedRoundTrips(@ForAll("settlementFailed") SettlementFailed event) {
        assertRoundTrip(MessageDocument.of(event));
    }

    @Property
    void balanceUpdatedRoundTrips(@ForAll("balanceUpdated") BalanceUpdated event) {
        assertRoundTrip(MessageDocument.of(event));
    }

    @Property
    void commissionCalculatedRoundTrips(@ForAll("commissionCalculated") CommissionCalculated event) {
        assertRoundTrip(MessageDocument.of(event));
    }

    private void assertRoundTrip(MessageDocument document) {
        assertThat(json.read(json.write(document))).isEqualTo(document);
        assertThat(yaml.read(yaml.write(document))).isEqualTo(document);
    }

    @Provide
    Arbitrary<Money> money() {
        return Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Money::ofMinor);
    }

    @Provide
    Arbitrary<Integer> extraDigit() {
        return Arbitraries.integers().between(1, 9);
    }

    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('_', ':', '-', ' ', '#', '\'')
                .ofMinLength(1).ofMaxLength(20);
    }

    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<SettlementProcessed> settlementProcessed() {
        Arbitrary<Map.Entry<String, Money>> confirmationAndBalance =
                Combinators.combine(ids(), money()).as(Map::entry);
        return Combinators.combine(ids(), ids(), Arbitraries.of(SettlementType.class), money(),
                        money().injectNull(0.3), ids().injectNull(0.3), instants(), confirmationAndBalance)
                .as((id, customer, type, amount, stake, method, at, cb) -> new SettlementProcessed(id, customer, type,
                        amount, stake, method, at, cb.getKey(), cb.getValue()));
    }

    @Provide
    Arbitrary<SettlementFailed> settlementFailed() {
        Arbitrary<ErrorDetails> details = Combinators.combine(money(), money(), money()).as(ErrorDetails::new);
        return Combinators.combine(ids(), ids(), ids(), Arbitraries.integers().between(0, 10),
                instants().injectNull(0.3), details.injectNull(0.3)).as(SettlementFailed::new);
    }

    @Provide
    Arbitrary<BalanceUpdated> balanceUpdated() {
        return Combinators.combine(ids(), Arbitraries.of(LedgerAccount.Type.class), money(), money(), ids())
                .as(BalanceUpdated::new);
    }

    @Provide
    Arbitrary<CommissionCalculated> commissionCalculated() {
        Arbitrary<BigDecimal> rates = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100"))
                .ofScale(2);
        Arbitrary<CommissionCalculated.PaymentSchedule> schedules = Combinators.combine(
                Arbitraries.integers().between(0, 40_000).map(d -> LocalDate.of(2000, 1, 1).plusDays(d)), ids(), ids())
                .as(CommissionCalculated.PaymentSchedule::new);
        return Combinators.combine(ids(), ids(), money(), rates, money(), money(), money(), schedules)
                .as(CommissionCalculated::new);
    }
}
