package dev.crystal.settlement.contracts;

import java.time.Instant;

/** SECURITY_ALERT: something a person should look at (e.g. a refused self-approval). */
public record SecurityAlert(String alertId, String customerId, String kind, String detail, Instant raisedAt)
        implements DomainEvent {
}
