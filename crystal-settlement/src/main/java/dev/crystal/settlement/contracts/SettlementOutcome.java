package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** The final answer to {@link CollectionsCommand.ProcessSettlement}. */
public sealed interface SettlementOutcome {

    /** Money moved. */
    record Completed(String settlementId, String customerId, String correlationId, Money balance,
                     String confirmationNumber, Instant processedAt) implements SettlementOutcome {
    }

    /** No money moved, for {@code error} (e.g. {@code INSUFFICIENT_FUNDS}); retried at {@code nextRetryAt} unless null. */
    record Failed(String settlementId, String customerId, String correlationId, String error,
                  ErrorDetails errorDetails, Money balance, int retryCount, Instant nextRetryAt)
            implements SettlementOutcome {
    }

    /** The settlement id is taken by a settlement with different fields. */
    record Conflict(String settlementId, String detail) implements SettlementOutcome {
    }

    /** The customer has no account; nothing was recorded. */
    record CustomerNotFound(String settlementId, String customerId) implements SettlementOutcome {
    }
}
