package dev.crystal.server.load;

import java.util.Locale;

/**
 * How the offered rate moves over a run, after the load-test scenarios of the seeds (normal, peak, spike, soak).
 * The plan's rate is the peak; {@link #rateAt} gives the rate at a moment of the run. Immutable (an enum).
 */
public enum RateProfile {
    /** The plan's rate from start to end. */
    CONSTANT,
    /** Rises linearly from 10 % of the rate to the full rate over the run: where does latency bend? */
    RAMP,
    /** 20 % of the rate, the full rate from 40 % to 60 % of the run, then 20 % again: does the backlog clear? */
    SPIKE,
    /**
     * The full rate held for a long time (the default duration becomes 10 minutes): does latency drift? The
     * summary's timeline shows p99 second by second.
     */
    SOAK;

    /** Fraction of the run below which the spike has not started. */
    static final double SPIKE_FROM = 0.4;
    /** Fraction of the run at which the spike ends. */
    static final double SPIKE_UNTIL = 0.6;
    /** The base rate around a spike, as a fraction of the peak. */
    static final double SPIKE_BASE = 0.2;
    /** Where a ramp starts, as a fraction of the peak. */
    static final double RAMP_START = 0.1;

    /**
     * The offered rate at {@code fraction} (0..1) of the run.
     *
     * @param peak     the plan's rate, requests/s
     * @param fraction elapsed time / planned duration
     */
    public double rateAt(double peak, double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        return switch (this) {
            case CONSTANT, SOAK -> peak;
            case RAMP -> peak * (RAMP_START + (1 - RAMP_START) * f);
            case SPIKE -> f >= SPIKE_FROM && f < SPIKE_UNTIL ? peak : peak * SPIKE_BASE;
        };
    }

    /** The name used in {@code --profile}: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
