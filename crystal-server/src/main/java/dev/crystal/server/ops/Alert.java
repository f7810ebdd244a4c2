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
 * @param since      when its condition began to hold (it fired {@code fireAfter} later)
 * @param resolvedAt when it resolved, {@code null} while active
 * @param silencedBy the id of the silence that keeps it from being delivered, {@code null} when none does
 */
public record Alert(AlertKind kind, String subject, AlertKind.Severity severity, String message, double value,
                    double threshold, Instant since, Instant resolvedAt, String silencedBy) {

    /** An alert no silence matches. */
    public Alert(AlertKind kind, String subject, AlertKind.Severity severity, String message, double value,
                 double threshold, Instant since, Instant resolvedAt) {
        this(kind, subject, severity, message, value, threshold, since, resolvedAt, null);
    }

    /** Identity of an alert across evaluations: kind and subject. */
    public String key() {
        return kind + "/" + subject;
    }

    public boolean active() {
        return resolvedAt == null;
    }

    /** Whether a silence matches it (it is shown, but not delivered). */
    public boolean silenced() {
        return silencedBy != null;
    }

    Alert resolved(Instant at) {
        return new Alert(kind, subject, severity, message, value, threshold, since, at, silencedBy);
    }

    Alert silencedBy(String silence) {
        return new Alert(kind, subject, severity, message, value, threshold, since, resolvedAt, silence);
    }
}
