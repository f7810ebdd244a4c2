package dev.crystal.server.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of the platform's health, like Spring Boot Actuator's: a status, details, and, for a composite
 * (workers, databases), its parts by name. Immutable.
 */
public record HealthComponent(HealthStatus status, Map<String, Object> details, Map<String, HealthComponent> components) {
    public HealthComponent {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        components = components == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** A leaf. */
    public static HealthComponent of(HealthStatus status, Map<String, Object> details) {
        return new HealthComponent(status, details, null);
    }

    /** A composite whose status is its worst part's ({@code UP} when it has none). */
    public static HealthComponent composite(Map<String, HealthComponent> parts, Map<String, Object> details) {
        HealthStatus status = HealthStatus.UP;
        for (HealthComponent part : parts.values()) {
            status = status.worst(part.status());
        }
        return new HealthComponent(status, details, parts);
    }
}
