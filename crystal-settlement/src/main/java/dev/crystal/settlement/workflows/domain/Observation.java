package dev.crystal.settlement.workflows.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One event seen on the bus, as the workflow monitor records it. Immutable.
 *
 * @param correlationId the correlation it travelled under
 * @param messageType   catalogue name, e.g. {@code BALANCE_UPDATED}
 * @param domain        the domain that emitted it
 * @param messageId     the envelope's id: seeing it again changes nothing
 * @param observedAt    when it was published
 */
public record Observation(String correlationId, String messageType, String domain, String messageId,
                          Instant observedAt) {

    public Observation {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(observedAt, "observedAt");
    }
}
