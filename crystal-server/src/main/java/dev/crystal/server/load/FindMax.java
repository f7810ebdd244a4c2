package dev.crystal.server.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code crystal load --find-max}: steps the offered rate up from the plan's rate until a step no longer holds,
 * and reports the highest rate that held. Immutable.
 *
 * @param p99LimitMs   a step holds when its p99 is at most this (ms), nothing was dropped, at most 1 % of its
 *                     answers were errors and the generator started at least 90 % of the planned requests
 * @param step         how long each step runs
 * @param factor       each step offers this times the rate of the one before (above 1)
 * @param maxSteps     at most this many steps
 */
public record FindMax(double p99LimitMs, Duration step, double factor, int maxSteps) {
    /** The share of answers that may be errors in a step that holds. */
    public static final double MAX_ERROR_SHARE = 0.01;
    /** The share of its planned requests a step that holds must have started (else the generator is the limit). */
    public static final double MIN_STARTED_SHARE = 0.9;

    public FindMax {
        if (!(p99LimitMs > 0)) {
            throw new IllegalArgumentException("--p99 must be above 0, was " + p99LimitMs + " ms");
        }
        if (step == null || step.isNegative() || step.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--step-duration must be at least 1s, was " + step);
        }
        if (!(factor > 1.0 && factor <= 10)) {
            throw new IllegalArgumentException("--step-factor must be above 1 and at most 10, was " + factor);
        }
        if (maxSteps < 1 || maxSteps > 100) {
            throw new IllegalArgumentException("--max-steps must be 1..100, was " + maxSteps);
        }
    }

    /** Why {@code step} did not hold, or {@code null} when it held. */
    public String failure(LoadSummary step) {
        if (step.latencyMs().p99() > p99LimitMs) {
            return String.format(Locale.ROOT, "p99 %.2f ms above %.2f ms", step.latencyMs().p99(),
                    p99LimitMs);
        }
        if (step.dropped() > 0) {
            return step.dropped() + " request(s) dropped (the in-flight cap was reached)";
        }
        if (step.completed() > 0 && step.errors() > MAX_ERROR_SHARE * step.completed()) {
            return step.errors() + " error(s) of " + step.completed() + " answers";
        }
        long planned = Math.round(step.plannedRate() * step.plannedSeconds());
        if (step.sent() < MIN_STARTED_SHARE * planned) {
            return "the generator started only " + step.sent() + " of " + planned + " requests (it is the limit here)";
        }
        return null;
    }

    /**
     * The outcome of a search.
     *
     * @param highestHeldRate the highest offered rate whose step held, requests/s (0 when the first step failed)
     * @param held            that step's summary, or {@code null}
     * @param steps           every step run, in order
     * @param stoppedBecause  why the search stopped
     * @param audit           what became of every settlement sent over all steps, or {@code null}
     */
    public record Result(double highestHeldRate, LoadSummary held, List<LoadSummary> steps, String stoppedBecause,
                         LoadSummary.Audit audit) {
        /** A table of the steps for people. */
        public String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%10s %12s %10s %10s %9s "
                    + "%8s %12s%n", "offered/s", "answered/s", "p50 ms", "p99 ms", "dropped", "errors", "CPU ms/op"));
            for (LoadSummary s : steps) {
                out.append(String.format(Locale.ROOT, "%10.0f %12.1f %10.2f %10.2f %,9d %,8d %12s%n",
                        s.plannedRate(), s.achievedRate(), s.latencyMs().p50(), s.latencyMs().p99(), s.dropped(),
                        s.errors(), s.cpu() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                                s.cpu().msPerSettlement())));
            }
            out.append(highestHeldRate > 0
                    ? String.format(Locale.ROOT, "%nhighest rate that held: %.0f req/s (%s)%n",
                    highestHeldRate, stoppedBecause)
                    : String.format(Locale.ROOT, "%nno step held: %s%n", stoppedBecause));
            if (audit != null) {
                out.append(String.format(Locale.ROOT, "audit: %,d checked: %,d completed, %,d failed, "
                                + "%,d still pending, %,d unknown, %,d unreadable%n", audit.checked(),
                        audit.completed(), audit.failed(), audit.pending(), audit.missing(), audit.unreadable()));
            }
            return out.toString();
        }
    }
}
