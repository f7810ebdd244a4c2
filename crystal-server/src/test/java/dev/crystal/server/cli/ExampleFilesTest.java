package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.wire.SafeYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/messages holds requests {@code crystal send} takes, with every field used; examples/events holds what
 * the platform emits, which send refuses — never by ignoring a field.
 */
class ExampleFilesTest {
    private static final Path MESSAGES = Path.of("..", "examples", "messages");
    private static final Path EVENTS = Path.of("..", "examples", "events");

    private static List<Path> yaml(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static JsonNode read(Path file) throws Exception {
        return SafeYaml.withDefaults().read(Files.readString(file));
    }

    @Test
    void everyMessageBecomesOneCallThatUsesEveryField() throws Exception {
        List<Path> files = yaml(MESSAGES);
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("1-bonus-issued.yaml",
                "2-settlement-update.yaml", "3-settlement-collection.yaml", "4-bonus-redeemed.yaml",
                "5-commission-calculated.yaml", "6-distribution-processed.yaml");
        for (Path file : files) {
            SendCommand.Call call = SendCommand.translate(read(file));
            assertThat(call.path()).as(file.toString()).startsWith("/");
        }
        assertThat(SendCommand.translate(read(MESSAGES.resolve("4-bonus-redeemed.yaml"))).customerId())
                .as("the customer is checked against the bonus").isEqualTo("CUST_001");
        assertThat(Files.isExecutable(MESSAGES.resolve("send-all.sh"))).isTrue();
    }

    @Test
    void theEmittedEventsAreRefusedNamingWhy() throws Exception {
        for (Path file : yaml(EVENTS)) {
            String type = read(file).get("type").asText();
            if (List.of("SETTLEMENT_UPDATE", "BONUS_ISSUED").contains(type)) {
                continue; // inputs too: the seed's settlement file works as written (CliToolsTest)
            }
            assertThatThrownBy(() -> SendCommand.translate(read(file))).as(file.toString())
                    .hasMessageMatching(".*(an event the platform emits itself|is computed by the platform).*");
        }
    }

    @Test
    void theCommissionThatSent27500AndGot0IsRefusedByName() throws Exception {
        assertThatThrownBy(() -> SendCommand.translate(read(EVENTS.resolve("commission-calculated.yaml"))))
                .hasMessageStartingWith("COMMISSION_CALCULATED: 'baseRevenue' is computed by the platform (the revenue "
                        + "of the affiliate's customers in the period), not sent; remove it");
        assertThatThrownBy(() -> SendCommand.translate(SafeYaml.withDefaults().read("""
                type: COMMISSION_CALCULATED
                payload: {recipientId: AFF_001, period: 2025-01, totalAmount: 27500.00}
                """))).hasMessageContaining("'totalAmount' is computed by the platform");
        assertThatThrownBy(() -> SendCommand.translate(SafeYaml.withDefaults().read("""
                type: DISTRIBUTION_PROCESSED
                payload: {recipientId: AFF_001, amount: 27500.00}
                """))).hasMessageContaining("'amount' is computed by the platform (the commission calculated");
        assertThatThrownBy(() -> SendCommand.translate(SafeYaml.withDefaults().read("""
                type: BONUS_ISSUED
                payload: {transactionId: FP_9, customerId: C, bonusType: b, amount: 1, wageringRequirement: 1,
                  expiresAt: 2099-01-01T00:00:00Z, colour: red}
                """))).hasMessage("BONUS_ISSUED: unknown field 'colour'");
    }

    @Test
    void whatASettlementSenderReportsIsKeptNotDropped() throws Exception {
        SendCommand.Call call = SendCommand.translate(SafeYaml.withDefaults().read("""
                type: SETTLEMENT_UPDATE
                timestamp: 2025-01-26T15:30:00Z
                payload: {settlementId: PEN_9, customerId: CUST_001, amount: 5.00, status: completed, retryCount: 0}
                """));
        assertThat(call.body().get("metadata").get("reported").toString())
                .contains("\"status\":\"completed\"").contains("\"retryCount\"").contains("\"sentAt\"");
    }
}
