package dev.crystal.settlement.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The files in {@code examples/events} are the catalogue's fixtures: one per type, each mapped exactly. */
class ExampleMessagesTest {
    static final Path EXAMPLES = Path.of("..", "examples", "events");
    static Map<String, MessageDocument> examples;

    @BeforeAll
    static void loadExamples() throws IOException {
        MessageDocumentCodec yaml = MessageDocumentCodec.yaml();
        examples = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    examples.put(file.getFileName().toString(), yaml.read(Files.readString(file)));
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(file + " is not a valid catalogue message: " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void everyCatalogueTypeHasExactlyOneExampleNamedAfterIt() {
        assertThat(examples.values()).extracting(d -> d.type().name()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(MessageCatalogue.types().stream().map(MessageType::name).toList());
        examples.forEach((file, document) -> assertThat(file).isEqualTo(document.type().fileName()));
    }

    @Test
    void examplesCarryTheSeedsValuesExactly() {
        var processed = (SettlementProcessed) examples.get("settlement-processed.yaml").payload();
        assertThat(processed.settlementId()).isEqualTo("PEN_001");
        assertThat(processed.customerId()).isEqualTo("CUST_001");
        assertThat(processed.type()).isEqualTo(SettlementType.PAYOUT);
        assertThat(processed.amount()).isEqualTo(Money.of("166.67"));
        assertThat(examples.get("settlement-processed.yaml").correlationId()).isEqualTo("corr_1234567890");
        var commission = (CommissionCalculated) examples.get("commission-calculated.yaml").payload();
        assertThat(commission.recipientId()).isEqualTo("AFF_001");
        assertThat(commission.baseRevenue()).isEqualTo(Money.of("125000.00"));
        assertThat(commission.commissionRate()).isEqualByComparingTo("20");
        assertThat(commission.paymentSchedule().scheduledDate()).hasToString("2025-02-01");
        var balance = (BalanceUpdated) examples.get("balance-updated.yaml").payload();
        assertThat(balance.account()).isEqualTo(LedgerAccount.Type.CUSTOMER_CASH);
    }

    @Test
    void everyExampleRoundTripsThroughJsonAndYamlExactly() {
        for (var codec : new MessageDocumentCodec[] {MessageDocumentCodec.json(), MessageDocumentCodec.yaml()}) {
            examples.forEach((file, document) -> {
                String written = codec.write(document);
                assertThat(codec.read(written)).as(file + " as\n" + written).isEqualTo(document);
            });
        }
    }

    @Test
    void moneyIsWrittenWithTwoDecimals() {
        String json = MessageDocumentCodec.json().write(examples.get("balance-updated.yaml"));
        assertThat(json).contains("\"previousBalance\":100.00").contains("\"account\":\"customer_cash\"");
    }

    @Test
    void refusesUnknownTypesFieldsAndMoneyWithMoreThanTwoDecimals() {
        MessageDocumentCodec yaml = MessageDocumentCodec.yaml();
        assertThatThrownBy(() -> yaml.read("type: SETTLEMENT_EXPLODED\npayload: {}\n"))
                .hasMessageContaining("unknown message type 'SETTLEMENT_EXPLODED'");
        assertThatThrownBy(() -> yaml.read("""
                type: BONUS_EXPIRED
                payload: {transactionId: FP_1, customerId: C, forfeitedAmount: 1.234, expiredAt: 2025-01-01T00:00:00Z}
                """))
                .hasMessageContaining("payload of BONUS_EXPIRED.forfeitedAmount: money has at most 2 decimals, was 1.234");
        assertThatThrownBy(() -> yaml.read("""
                type: BONUS_EXPIRED
                payload: {transactionId: FP_1, customerId: C, forfeitedAmount: 1.23, colour: red}
                """)).hasMessageContaining("colour");
        assertThatThrownBy(() -> yaml.read("""
                type: BALANCE_UPDATED
                payload: {customerId: C, account: savings, previousBalance: 1, newBalance: 2, postingId: p}
                """)).hasMessageContaining("must be one of [customer_cash, customer_bonus, affiliate, house]");
        assertThatThrownBy(() -> yaml.read("type: NOTICE_SENT\npayload: {}\nextra: 1\n"))
                .hasMessageContaining("unknown field 'extra'");
    }
}
