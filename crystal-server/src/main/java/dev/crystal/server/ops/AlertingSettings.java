package dev.crystal.server.ops;

import java.util.Objects;

/**
 * Everything about alerting: the rules and their hysteresis, where alerts are delivered, and how long the sample
 * history behind the reports is kept (the {@code alerts:} section of crystal.yaml). Immutable.
 */
public record AlertingSettings(AlertSettings rules, AlertDeliverySettings delivery, OpsHistorySettings history) {
    public AlertingSettings {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(history, "history");
    }

    /** Default rules, no delivery, default history. */
    public static AlertingSettings defaults() {
        return of(AlertSettings.defaults());
    }

    /** These rules, no delivery, default history. */
    public static AlertingSettings of(AlertSettings rules) {
        return new AlertingSettings(rules, AlertDeliverySettings.none(), OpsHistorySettings.defaults());
    }

    public AlertingSettings withDelivery(AlertDeliverySettings delivery) {
        return new AlertingSettings(rules, delivery, history);
    }
}
