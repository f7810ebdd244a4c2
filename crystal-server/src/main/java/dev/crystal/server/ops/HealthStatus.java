package dev.crystal.server.ops;

/** A component's health, best to worst; a composite takes its worst part's. */
public enum HealthStatus {
    /** Working. */
    UP,
    /** Working, but something needs a person (e.g. dead letters waiting). Answered with HTTP 200. */
    DEGRADED,
    /** Not working. Answered with HTTP 503. */
    DOWN;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
