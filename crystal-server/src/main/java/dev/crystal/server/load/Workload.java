package dev.crystal.server.load;

/** What each request of a load run does. Immutable (an enum). */
public enum Workload {
    /** The settlement mix ({@code --mix}): payouts, collections, overdrafts, bonuses, redemptions. */
    SETTLEMENTS,
    /**
     * {@code GET /health/live} only: no customers, no domain work, so the run measures the HTTP edge and the
     * generator itself (how many requests/s this machine can offer and answer at all).
     */
    HEALTH
}
