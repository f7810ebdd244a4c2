package dev.crystal.server.load;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a load run. Immutable.
 *
 * @param target          base URL loaded
 * @param mix             operations used (after dropping those the target does not offer)
 * @param plannedRate     requests/s asked for (the peak of the profile)
 * @param plannedSeconds  seconds asked for
 * @param startedAt       first request
 * @param finishedAt      last response
 * @param sent            requests started
 * @param completed       requests that received an answer or failed
 * @param dropped         requests not started because the in-flight cap was reached (the target fell behind)
 * @param achievedRate    completed / seconds from first request to last response
 * @param latencyMs       response-time percentiles from each request's scheduled start (ms)
 * @param outcomes        count per outcome, e.g. {@code 200 completed}, {@code 200 failed INSUFFICIENT_FUNDS}
 * @param errors          requests that did not end with a 2xx answer
 * @param notes           what was skipped and why
 * @param workload        {@code settlements} or {@code health}
 * @param profile         {@code constant}, {@code ramp}, {@code spike} or {@code soak}
 * @param settlements     settlement requests answered with a 2xx (completed, failed or pending)
 * @param settlementRate  {@code settlements} / seconds from first request to last response
 * @param cpu             the platform's process CPU time over the run, or {@code null} when /metrics was not readable
 * @param fsync           this disk's fsync time and what the rate is per fsync, or {@code null} when not known
 * @param audit           what became of every settlement the run sent, or {@code null} when not audited
 * @param timeline        one entry per progress interval (about a second)
 */
public record LoadSummary(String target, String mix, double plannedRate, double plannedSeconds, Instant startedAt,
                          Instant finishedAt, long sent, long completed, long dropped, double achievedRate,
                          Latency latencyMs, Map<String, Long> outcomes, long errors, List<String> notes,
                          String workload, String profile, long settlements, double settlementRate, Cpu cpu,
                          Fsync fsync, Audit audit, List<Interval> timeline) {

    /** Response-time figures in milliseconds. */
    public record Latency(double min, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /**
     * The platform's process CPU time ({@code process_cpu_seconds_total} of {@code /metrics}) over the run.
     *
     * @param seconds          CPU seconds the platform's process used from before the first to after the last request
     * @param msPerSettlement  of those, per settlement answered (per request answered for the health workload)
     */
    public record Cpu(double seconds, double msPerSettlement) {
    }

    /**
     * The disk's fsync time and the run's settlements per fsync.
     *
     * @param micros              one write + fsync of a small block, median, microseconds
     * @param settlementsPerFsync settlement rate × fsync time: how many settlements were answered per fsync time
     *                            (above 1 only when commits are shared by several settlements)
     */
    public record Fsync(double micros, double settlementsPerFsync) {
    }

    /**
     * Every settlement the run sent, looked up afterwards ({@code GET /settlements/{id}}).
     *
     * @param checked   settlements looked up
     * @param completed status {@code completed}
     * @param failed    status {@code failed}
     * @param pending   any other status (pending, awaiting approval...): not finished yet
     * @param missing   unknown to the platform (404): the request never reached it, or was refused before
     * @param unreadable the lookup itself failed (transport error or other status)
     */
    public record Audit(long checked, long completed, long failed, long pending, long missing, long unreadable) {
    }

    /**
     * One progress interval.
     *
     * @param second   seconds since the start at the end of the interval
     * @param offered  requests/s the profile offered
     * @param answered responses/s received
     * @param p99Ms    p99 of the responses received in the interval
     * @param dropped  requests dropped so far
     */
    public record Interval(double second, double offered, double answered, double p99Ms, long dropped) {
    }

    /** This summary with the platform's CPU time. */
    public LoadSummary withCpu(Cpu c) {
        return new LoadSummary(target, mix, plannedRate, plannedSeconds, startedAt, finishedAt, sent, completed,
                dropped, achievedRate, latencyMs, outcomes, errors, notes, workload, profile, settlements,
                settlementRate, c, fsync, audit, timeline);
    }

    /** This summary with the disk's fsync time (settlements per fsync derived from the settlement rate). */
    public LoadSummary withFsyncMicros(double micros) {
        double rate = workload.equals("health") ? achievedRate : settlementRate;
        return new LoadSummary(target, mix, plannedRate, plannedSeconds, startedAt, finishedAt, sent, completed,
                dropped, achievedRate, latencyMs, outcomes, errors, notes, workload, profile, settlements,
                settlementRate, cpu, new Fsync(micros, rate * micros / 1e6), audit, timeline);
    }

    /** This summary with the audit of its settlements. */
    public LoadSummary withAudit(Audit a) {
        return new LoadSummary(target, mix, plannedRate, plannedSeconds, startedAt, finishedAt, sent, completed,
                dropped, achievedRate, latencyMs, outcomes, errors, notes, workload, profile, settlements,
                settlementRate, cpu, fsync, a, timeline);
    }

    /** A fixed-width table for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-28s %s%n", "target", target));
        out.append(String.format(Locale.ROOT, "%-28s %s%n", "workload", workload.equals("health")
                ? "health (GET /health/live)" : "settlements, mix " + mix));
        out.append(String.format(Locale.ROOT, "%-28s %.0f req/s for %.1f s, profile %s%n", "planned", plannedRate,
                plannedSeconds, profile));
        out.append(String.format(Locale.ROOT, "%-28s %,d sent, %,d completed, %,d dropped%n", "requests", sent,
                completed, dropped));
        out.append(String.format(Locale.ROOT, "%-28s %.1f req/s%n", "achieved rate", achievedRate));
        if (!workload.equals("health")) {
            out.append(String.format(Locale.ROOT, "%-28s %,d answered, %.1f/s%n", "settlements", settlements,
                    settlementRate));
        }
        out.append(String.format(Locale.ROOT, "%-28s min %.2f  mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  "
                        + "max %.2f%n", "latency (ms)", latencyMs.min(), latencyMs.mean(), latencyMs.p50(),
                latencyMs.p90(), latencyMs.p99(), latencyMs.p999(), latencyMs.max()));
        out.append(String.format(Locale.ROOT, "%-28s %,d (%.2f%%)%n", "errors (non-2xx)", errors,
                completed == 0 ? 0.0 : 100.0 * errors / completed));
        if (cpu != null) {
            out.append(String.format(Locale.ROOT, "%-28s %.2f s, %.3f ms per %s%n", "platform CPU", cpu.seconds(),
                    cpu.msPerSettlement(), workload.equals("health") ? "request" : "settlement"));
        }
        if (fsync != null) {
            out.append(String.format(Locale.ROOT, "%-28s %.0f us; %.2f %s per fsync%n", "fsync", fsync.micros(),
                    fsync.settlementsPerFsync(), workload.equals("health") ? "requests" : "settlements"));
        }
        if (audit != null) {
            out.append(String.format(Locale.ROOT, "%-28s %,d checked: %,d completed, %,d failed, %,d still pending, "
                            + "%,d unknown, %,d unreadable%n", "audit", audit.checked(), audit.completed(),
                    audit.failed(), audit.pending(), audit.missing(), audit.unreadable()));
        }
        out.append(String.format(Locale.ROOT, "%noutcome%40s%n", "count"));
        outcomes.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-44s %,d%n", k, v)));
        for (String note : notes) {
            out.append("note: ").append(note).append(System.lineSeparator());
        }
        return out.toString();
    }
}
