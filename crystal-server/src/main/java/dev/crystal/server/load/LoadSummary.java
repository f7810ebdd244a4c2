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
 * @param plannedRate     requests/s asked for
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
 */
public record LoadSummary(String target, String mix, double plannedRate, double plannedSeconds, Instant startedAt,
                          Instant finishedAt, long sent, long completed, long dropped, double achievedRate,
                          Latency latencyMs, Map<String, Long> outcomes, long errors, List<String> notes) {

    /** Response-time figures in milliseconds. */
    public record Latency(double min, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /** A fixed-width table for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-28s %s%n", "target", target));
        out.append(String.format(Locale.ROOT, "%-28s %s%n", "mix", mix));
        out.append(String.format(Locale.ROOT, "%-28s %.0f req/s for %.1f s%n", "planned", plannedRate, plannedSeconds));
        out.append(String.format(Locale.ROOT, "%-28s %,d sent, %,d completed, %,d dropped%n", "requests", sent,
                completed, dropped));
        out.append(String.format(Locale.ROOT, "%-28s %.1f req/s%n", "achieved rate", achievedRate));
        out.append(String.format(Locale.ROOT, "%-28s min %.2f  mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  "
                        + "max %.2f%n", "latency (ms)", latencyMs.min(), latencyMs.mean(), latencyMs.p50(),
                latencyMs.p90(), latencyMs.p99(), latencyMs.p999(), latencyMs.max()));
        out.append(String.format(Locale.ROOT, "%-28s %,d (%.2f%%)%n", "errors (non-2xx)", errors,
                completed == 0 ? 0.0 : 100.0 * errors / completed));
        out.append(String.format(Locale.ROOT, "%noutcome%40s%n", "count"));
        outcomes.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-44s %,d%n", k, v)));
        for (String note : notes) {
            out.append("note: ").append(note).append(System.lineSeparator());
        }
        return out.toString();
    }
}
