package dev.crystal.settlement.jobs;

import java.util.List;

/** Names of the durable job queues the settlement platform runs its background work on. */
public final class PlatformQueues {
    /** Retries of failed collections, one job per (settlement, retry). */
    public static final String SETTLEMENT_RETRIES = "settlement-retries";
    /** Bonus expiries, one job per bonus at its expiry time. */
    public static final String BONUS_EXPIRY = "bonus-expiry";
    /** Commission runs: calculate and pay last month's commissions (monthly schedule). */
    public static final String COMMISSION_RUNS = "commission-runs";
    /** The schedule that adds a commission run on the 1st of every month, 02:00 UTC. */
    public static final String MONTHLY_COMMISSIONS = "monthly-commissions";

    /** Every queue of the platform, shown by the jobs API even while empty. */
    public static final List<String> ALL = List.of(SETTLEMENT_RETRIES, BONUS_EXPIRY,
            COMMISSION_RUNS);

    private PlatformQueues() {
    }
}
