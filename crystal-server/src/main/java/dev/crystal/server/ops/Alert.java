package dev.crystal.server.ops;

import java.time.Instant;

/**
 * One alert, active or resolved. Immutable.
 *
 * @param kind       what is wrong
 * @param subject    what it is wrong with: a worker, {@code http}, a breaker or a queue name
 * @param message    for people, with the figures
 * @param value      the measured figure when it was last evaluated
 * @param threshold  the rule's limit
 * @param since      when it fired
 * @param resolvedAt when it resolved, {@code null} while active
 */
public record Alert(AlertKind kind, String subject, AlertKind.Severity severity, String message, double value,
                    double threshold, Instant since, Instant resolvedAt) {

    /** Identity of an alert across evaluations: kind and subject. */
    public String key() {
        return kind + "/" + subject;
    }

    public boolean active() {
        return resolvedAt == null;
    }
}
