package dev.crystal.wire.sample;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The seed's benchmark test message ({@code MessagePerformanceBenchmark} sample data): a settlement
 * update with metadata, related transactions and an audit trail. Immutable.
 *
 * @param settlementId settlement id, e.g. {@code PEN_001}
 * @param customerId   customer id
 * @param amount       settled amount
 * @param status       settlement status, e.g. {@code completed}
 * @param metadata     processing metadata
 */
public record SettlementTestMessage(String settlementId, String customerId, BigDecimal amount, String status,
                                    Metadata metadata) {

    /**
     * Processing metadata of the test message.
     *
     * @param processedBy         agent name
     * @param processingTime      milliseconds
     * @param retryCount          retries so far
     * @param relatedTransactions ids of related transactions
     * @param auditTrail          when it was created, validated and processed
     */
    public record Metadata(String processedBy, long processingTime, int retryCount, List<String> relatedTransactions,
                           AuditTrail auditTrail) {
    }

    /**
     * Audit timestamps of the test message.
     *
     * @param created   created at
     * @param processed processed at
     * @param validated validated at
     */
    public record AuditTrail(Instant created, Instant processed, Instant validated) {
    }
}
