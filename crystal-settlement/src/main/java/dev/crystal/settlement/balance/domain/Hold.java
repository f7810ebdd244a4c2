package dev.crystal.settlement.balance.domain;

import dev.crystal.settlement.kernel.Money;
import java.util.Objects;

/**
 * A reservation of part of a customer's cash: it stays in the account but cannot be collected
 * while ACTIVE. ACTIVE → RELEASED (nothing moves) or ACTIVE → CAPTURED (the money goes to the house).
 */
public record Hold(String holdId, String customerId, Money amount, String reason, Status status) {

    public enum Status { ACTIVE, RELEASED, CAPTURED }

    public Hold {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(status, "status");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a hold must reserve a positive amount");
        }
    }

    public Hold released() {
        requireActive();
        return new Hold(holdId, customerId, amount, reason, Status.RELEASED);
    }

    public Hold captured() {
        requireActive();
        return new Hold(holdId, customerId, amount, reason, Status.CAPTURED);
    }

    private void requireActive() {
        if (status != Status.ACTIVE) {
            throw new IllegalStateException("hold " + holdId + " is " + status);
        }
    }

    /** The posting that captures this hold: customer → house. */
    public Posting capturePosting() {
        String id = "hold:" + holdId;
        return Posting.transfer(id, "capture of hold " + holdId + (reason == null ? "" : " (" + reason + ")"),
                AccountId.customer(customerId), AccountId.HOUSE, amount);
    }
}
