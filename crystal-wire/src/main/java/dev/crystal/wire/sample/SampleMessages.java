package dev.crystal.wire.sample;

import dev.crystal.wire.MessageCatalog;
import dev.crystal.wire.MessageType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages {@code crystal bench codecs} measures: the seed's test message exactly as the seed
 * writes it, and a large variant (200 related transactions, about 3 KB as JSON) that crosses the
 * compression threshold. Stateless.
 */
public final class SampleMessages {
    /** Wire name of the test message; the seed's worker benchmark sends it as {@code TEST_MESSAGE}. */
    public static final String TYPE = "TEST_MESSAGE";

    /** Registers {@link SettlementTestMessage} with its constraints. */
    public static final MessageCatalog CATALOG = builder -> builder.register(
            MessageType.builder(TYPE, SettlementTestMessage.class)
                    .nonBlank("settlementId", "customerId", "metadata.processedBy", "metadata.relatedTransactions[]")
                    .positiveMoney("amount")
                    .oneOf("status", "pending", "completed", "failed")
                    .range("metadata.retryCount", 0, 100)
                    .required("metadata.auditTrail.created")
                    .build());

    private SampleMessages() {
    }

    /** The seed's sample benchmark message. */
    public static SettlementTestMessage seed() {
        return withTransactions(List.of("TXN_001", "TXN_002", "TXN_003", "TXN_004", "TXN_005"));
    }

    /** The large variant: the same message with 200 related transactions. */
    public static SettlementTestMessage large() {
        List<String> transactions = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            transactions.add(String.format("TXN_%03d", i));
        }
        return withTransactions(transactions);
    }

    private static SettlementTestMessage withTransactions(List<String> transactions) {
        return new SettlementTestMessage("PEN_001", "CUST_001", new BigDecimal("166.67"), "completed",
                new SettlementTestMessage.Metadata("Agent Smith", 2300, 0, List.copyOf(transactions),
                        new SettlementTestMessage.AuditTrail(Instant.parse("2025-01-26T14:30:00Z"),
                                Instant.parse("2025-01-26T15:30:00Z"), Instant.parse("2025-01-26T15:25:00Z"))));
    }
}
