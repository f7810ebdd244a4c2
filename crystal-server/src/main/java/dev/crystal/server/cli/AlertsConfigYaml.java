package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.ops.AlertDeliverySettings;
import dev.crystal.server.ops.AlertSettings;
import dev.crystal.server.ops.AlertingSettings;
import dev.crystal.server.ops.OpsHistorySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Reads the {@code alerts:} section of crystal.yaml: {@code rules} (the keys of an {@code --alert-rules} file),
 * {@code webhook} and {@code alertmanager} (URLs), {@code delivery} (attempts, backoff, maxBackoff, timeout, resend,
 * queue) and {@code history} (minutes, hours). Stateless.
 */
final class AlertsConfigYaml {
    private static final Set<String> KEYS = Set.of("rules", "webhook", "alertmanager", "delivery", "history");
    private static final Set<String> DELIVERY_KEYS = Set.of("attempts", "backoff", "maxBackoff", "timeout", "resend",
            "queue");
    private static final Set<String> HISTORY_KEYS = Set.of("minutes", "hours");

    private AlertsConfigYaml() {
    }

    /**
     * The settings {@code alerts} describes; absent keys keep their defaults.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    static AlertingSettings read(JsonNode alerts) {
        if (alerts == null || alerts.isNull()) {
            return AlertingSettings.defaults();
        }
        PlatformConfig.only(alerts, "alerts", KEYS);
        AlertSettings rules;
        try {
            rules = AlertSettings.fromTree(alerts.get("rules"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alerts.rules: " + e.getMessage());
        }
        AlertDeliverySettings d = AlertDeliverySettings.none().withTargets(url(alerts, "webhook"),
                url(alerts, "alertmanager"));
        JsonNode delivery = alerts.get("delivery");
        if (delivery != null && !delivery.isNull()) {
            PlatformConfig.only(delivery, "alerts.delivery", DELIVERY_KEYS);
            d = d.withRetries(whole(delivery, "attempts", d.attempts()), duration(delivery, "backoff", d.backoff()),
                    duration(delivery, "maxBackoff", d.maxBackoff()), duration(delivery, "timeout", d.timeout()),
                    duration(delivery, "resend", d.resend()), whole(delivery, "queue", d.queue()));
        }
        OpsHistorySettings history = OpsHistorySettings.defaults();
        JsonNode h = alerts.get("history");
        if (h != null && !h.isNull()) {
            PlatformConfig.only(h, "alerts.history", HISTORY_KEYS);
            history = new OpsHistorySettings(duration(h, "minutes", history.minutes()),
                    duration(h, "hours", history.hours()));
        }
        return new AlertingSettings(rules, d, history);
    }

    private static URI url(JsonNode section, String key) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        try {
            return URI.create(value.asText().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alerts." + key + " is not a URL: '" + value.asText() + "'");
        }
    }

    private static int whole(JsonNode section, String key, int otherwise) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        String text = value.asText().trim();
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("alerts.delivery." + key + " must be a whole number, was '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static Duration duration(JsonNode section, String key, Duration otherwise) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        return duration(key, value.asText().trim());
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 35d} or ISO-8601. */
    static Duration duration(String key, String text) {
        if (text.matches("\\d{1,6}d")) {
            return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        try {
            return new DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration (use e.g. 500ms, 30s, 2m, "
                    + "1h, 35d)");
        }
    }
}
