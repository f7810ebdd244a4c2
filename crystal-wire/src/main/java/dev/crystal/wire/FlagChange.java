package dev.crystal.wire;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited flag change: who changed what, when, from what to what. Immutable.
 *
 * @param version  snapshot version the change produced
 * @param at       when
 * @param who      the person or system that changed it (e.g. {@code admin:alice}, {@code config-reload})
 * @param flag     which flag
 * @param scope    where it applies
 * @param oldValue value before, or {@code unset}
 * @param newValue value after, or {@code unset}
 */
public record FlagChange(long version, Instant at, String who, FlagKind flag, FlagScope scope,
                         String oldValue, String newValue) {
    public FlagChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
    }
}
