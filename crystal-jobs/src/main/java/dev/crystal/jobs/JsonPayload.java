package dev.crystal.jobs;

import java.util.Objects;

/**
 * Job data given as JSON text that is stored as is (after a syntax check). Immutable.
 *
 * @param json well-formed JSON text
 */
public record JsonPayload(String json) {
    public JsonPayload {
        Objects.requireNonNull(json, "json");
    }
}
