package dev.crystal.server.ops;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A silence: while it lasts, the alerts it matches are shown (marked silenced) but not delivered to the webhook or
 * Alertmanager. Immutable.
 *
 * @param id        {@code sil_…}
 * @param kind      the alert kind it matches, {@code null} for every kind
 * @param subject   the subject it matches (a worker, {@code http}, a breaker or queue), {@code null} for every one
 * @param startsAt  when it began
 * @param endsAt    when it ends (or ended: expiring a silence moves this to the moment it was expired)
 * @param createdBy the name of the API key that made it
 * @param comment   why, for the next operator
 */
public record Silence(String id, AlertKind kind, String subject, Instant startsAt, Instant endsAt, String createdBy,
                      String comment) {
    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (kind == null && subject == null) {
            throw new IllegalArgumentException("a silence needs a kind, a subject or both: one matching every alert "
                    + "would hide everything");
        }
    }

    /** Whether it silences alerts at {@code now}. */
    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** {@code active} or {@code expired} at {@code now}. */
    public String statusAt(Instant now) {
        return activeAt(now) ? "active" : "expired";
    }

    /** Whether it matches {@code alert}'s kind and subject. */
    public boolean matches(Alert alert) {
        return (kind == null || kind == alert.kind())
                && (subject == null || subject.toLowerCase(Locale.ROOT).equals(alert.subject().toLowerCase(Locale.ROOT)));
    }

    /** The same silence ended at {@code at}. */
    public Silence expiredAt(Instant at) {
        return new Silence(id, kind, subject, startsAt, at.isBefore(endsAt) ? at : endsAt, createdBy, comment);
    }
}
