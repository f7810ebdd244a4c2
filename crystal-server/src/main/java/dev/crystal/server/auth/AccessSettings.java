package dev.crystal.server.auth;

/**
 * Which probes answer without a key.
 *
 * @param openHealth  {@code GET /health/live} answers anyone (default); otherwise it needs an operator key
 * @param openMetrics {@code GET /metrics} answers anyone; otherwise (default) it needs an operator key
 */
public record AccessSettings(boolean openHealth, boolean openMetrics) {
    public static final boolean DEFAULT_OPEN_HEALTH = true;
    public static final boolean DEFAULT_OPEN_METRICS = false;

    /** {@code /health/live} open, {@code /metrics} behind an operator key. */
    public static AccessSettings defaults() {
        return new AccessSettings(DEFAULT_OPEN_HEALTH, DEFAULT_OPEN_METRICS);
    }
}
