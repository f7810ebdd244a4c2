package dev.crystal.settlement.contracts;

import dev.crystal.settlement.kernel.Money;
import java.time.Instant;

/** A settlement as recorded by collections. Fields that do not apply are {@code null}. */
public record SettlementView(
        SettlementRequest request,
        SettlementStatus status,
        String correlationId,
        Money balanceAfter,
        String confirmationNumber,
        String error,
        ErrorDetails errorDetails,
        int retryCount,
        Instant nextRetryAt,
        Instant createdAt,
        Instant updatedAt) {
}
