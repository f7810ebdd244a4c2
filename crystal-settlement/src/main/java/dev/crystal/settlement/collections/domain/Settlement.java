package dev.crystal.settlement.collections.domain;

import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementView;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A settlement and its state machine: PENDING → COMPLETED or PENDING → FAILED, nothing else.
 * Immutable; each transition returns a new value.
 */
public record Settlement(
        SettlementRequest request,
        SettlementStatus status,
        String correlationId,
        Money balanceAfter,
        String confirmationNumber,
        String error,
        ErrorDetails errorDetails,
        Instant createdAt,
        Instant updatedAt) {

    /** Error code of a collection refused for lack of funds. */
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";

    public Settlement {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Settlement received(SettlementRequest request, String correlationId, Instant at) {
        return new Settlement(request, SettlementStatus.PENDING, correlationId, null, null, null, null, at, at);
    }

    public String id() {
        return request.settlementId();
    }

    public boolean isFinal() {
        return status != SettlementStatus.PENDING;
    }

    public Settlement complete(Money balance, Instant at) {
        requirePending("complete");
        return new Settlement(request, SettlementStatus.COMPLETED, correlationId, balance,
                confirmationNumber(id(), at), null, null, createdAt, at);
    }

    public Settlement fail(String errorCode, ErrorDetails details, Money balance, Instant at) {
        requirePending("fail");
        return new Settlement(request, SettlementStatus.FAILED, correlationId, balance, null, errorCode, details,
                createdAt, at);
    }

    private void requirePending(String transition) {
        if (status != SettlementStatus.PENDING) {
            throw new IllegalStateException("cannot " + transition + " settlement " + id() + " in state " + status);
        }
    }

    /** As in the seed: {@code CONF_<settlementId>_<epoch millis>}. */
    static String confirmationNumber(String settlementId, Instant at) {
        return "CONF_" + settlementId + "_" + at.toEpochMilli();
    }

    /** The outcome reported to callers; only for final settlements. */
    public SettlementOutcome outcome() {
        return switch (status) {
            case COMPLETED -> new SettlementOutcome.Completed(id(), request.customerId(), correlationId, balanceAfter,
                    confirmationNumber, updatedAt);
            case FAILED -> new SettlementOutcome.Failed(id(), request.customerId(), correlationId, error,
                    errorDetails, balanceAfter);
            case PENDING -> throw new IllegalStateException("settlement " + id() + " has no outcome yet");
        };
    }

    public SettlementView view() {
        return new SettlementView(request, status, correlationId, balanceAfter, confirmationNumber, error,
                errorDetails, createdAt, updatedAt);
    }
}
