package dev.crystal.settlement.collections.domain;

import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementView;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A settlement and its state machine. Immutable; each transition returns a new value.
 * <pre>
 * PENDING ──posted──► COMPLETED
 * PENDING ──refused─► FAILED (nextRetryAt set while retries remain)
 * FAILED with nextRetryAt ──retry due──► PENDING (retryCount + 1)
 * </pre>
 */
public final class Settlement {

    /** Error code of a collection refused for lack of funds. */
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";

    /** What is recorded: the contract's view is the settlement's data, so the two cannot drift apart. */
    private final SettlementView recorded;
    private final SettlementRequest request;
    private final SettlementStatus status;

    /** A settlement; {@code nextRetryAt} only on a failed one, fields that do not apply {@code null}. */
    public Settlement(SettlementRequest request, SettlementStatus status, String correlationId, Money balanceAfter,
                      String confirmationNumber, String error, ErrorDetails errorDetails, int retryCount,
                      Instant nextRetryAt, Instant createdAt, Instant updatedAt) {
        this(new SettlementView(request, status, correlationId, balanceAfter, confirmationNumber, error, errorDetails,
                retryCount, nextRetryAt, createdAt, updatedAt));
    }

    private Settlement(SettlementView recorded) {
        this.recorded = recorded;
        this.request = Objects.requireNonNull(recorded.request(), "request");
        this.status = Objects.requireNonNull(recorded.status(), "status");
        Objects.requireNonNull(recorded.correlationId(), "correlationId");
        Objects.requireNonNull(recorded.createdAt(), "createdAt");
        Objects.requireNonNull(recorded.updatedAt(), "updatedAt");
        if (recorded.nextRetryAt() != null && status != SettlementStatus.FAILED) {
            throw new IllegalArgumentException("only a failed settlement can wait for a retry");
        }
    }

    public SettlementRequest request() {
        return request;
    }

    public SettlementStatus status() {
        return status;
    }

    public String correlationId() {
        return recorded.correlationId();
    }

    public Money balanceAfter() {
        return recorded.balanceAfter();
    }

    public String confirmationNumber() {
        return recorded.confirmationNumber();
    }

    public String error() {
        return recorded.error();
    }

    public ErrorDetails errorDetails() {
        return recorded.errorDetails();
    }

    public int retryCount() {
        return recorded.retryCount();
    }

    public Instant nextRetryAt() {
        return recorded.nextRetryAt();
    }

    public Instant createdAt() {
        return recorded.createdAt();
    }

    public Instant updatedAt() {
        return recorded.updatedAt();
    }

    public static Settlement received(SettlementRequest request, String correlationId, Instant at) {
        return new Settlement(request, SettlementStatus.PENDING, correlationId, null, null, null, null, 0, null, at,
                at);
    }

    /**
     * The metadata of a settlement recorded from its ledger posting alone (its own row was lost in a crash before it
     * committed): the posting carries the customer, type and amount; the other submitted fields are unknown.
     */
    public static final String RECOVERED_METADATA = "{\"recoveredFrom\":\"ledger\"}";

    /**
     * A settlement whose posting is in the ledger but whose row was never committed here: recorded COMPLETED from
     * the posting (the money moved once; nothing moves again).
     */
    public static Settlement recovered(BalanceReply.SettlementPosting posting, Instant at) {
        SettlementRequest request = new SettlementRequest(posting.settlementId(), posting.customerId(), posting.type(),
                posting.amount(), null, null, null, null, null, RECOVERED_METADATA);
        return new Settlement(request, SettlementStatus.COMPLETED, "recovered_" + posting.settlementId(),
                posting.balanceAfter(), confirmationNumber(posting.settlementId(), posting.postedAt()), null, null, 0,
                null, posting.postedAt(), at);
    }

    /** Recorded from its ledger posting after a crash ({@link #recovered}), not from the submitted request. */
    public boolean isRecoveredFromLedger() {
        return RECOVERED_METADATA.equals(request.metadataJson()) && request.paymentMethod() == null
                && request.event() == null && request.stake() == null;
    }

    /** Whether {@code submitted} moves the same money as this settlement: same customer, type and amount. */
    public boolean movesSameMoneyAs(SettlementRequest submitted) {
        return request.customerId().equals(submitted.customerId()) && request.type() == submitted.type()
                && request.amount().equals(submitted.amount());
    }

    public String id() {
        return request.settlementId();
    }

    /** Completed, or failed with no retry left. */
    public boolean isFinal() {
        return status == SettlementStatus.COMPLETED || (status == SettlementStatus.FAILED && nextRetryAt() == null);
    }

    /** Has an outcome to report (possibly a failure that will still be retried). */
    public boolean hasOutcome() {
        return status != SettlementStatus.PENDING;
    }

    public boolean retryDue(Instant now) {
        return status == SettlementStatus.FAILED && nextRetryAt() != null && !nextRetryAt().isAfter(now);
    }

    public Settlement complete(Money balance, Instant at) {
        requirePending("complete");
        return new Settlement(request, SettlementStatus.COMPLETED, correlationId(), balance,
                confirmationNumber(id(), at), null, null, retryCount(), null, createdAt(), at);
    }

    /** The ledger refused: the settlement keeps the failure's code and figures, and waits for a retry if one is left. */
    public Settlement fail(SettlementFailure failure, RetryPolicy policy, Instant at) {
        requirePending("fail");
        return new Settlement(request, SettlementStatus.FAILED, correlationId(), failure.balance(), null, failure.code(),
                failure.details(), retryCount(), policy.nextAttempt(retryCount(), at).orElse(null), createdAt(), at);
    }

    public Settlement retry(Instant at) {
        if (!retryDue(at)) {
            throw new IllegalStateException("settlement " + id() + " has no retry due");
        }
        return new Settlement(request, SettlementStatus.PENDING, correlationId(), balanceAfter(), null, error(),
                errorDetails(), retryCount() + 1, null, createdAt(), at);
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

    /** The outcome reported to callers. */
    public SettlementOutcome outcome() {
        return switch (status) {
            case COMPLETED -> new SettlementOutcome.Completed(id(), request.customerId(), correlationId(), balanceAfter(),
                    confirmationNumber(), updatedAt());
            case FAILED -> new SettlementOutcome.Failed(id(), request.customerId(), correlationId(), error(),
                    errorDetails(), balanceAfter(), retryCount(), nextRetryAt());
            case PENDING -> throw new IllegalStateException("settlement " + id() + " has no outcome yet");
        };
    }

    /** The settlement as the contracts show it (the recorded value itself). */
    public SettlementView view() {
        return recorded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settlement other && recorded.equals(other.recorded);
    }

    @Override
    public int hashCode() {
        return recorded.hashCode();
    }

    @Override
    public String toString() {
        return "Settlement" + recorded.toString().substring("SettlementView".length());
    }
}
