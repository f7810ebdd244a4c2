package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code WORKER_PERFORMANCE} report over the last hour, 24 hours, 7 or 30 days, from the persisted sample
 * history ({@link OpsStore}), so it covers earlier runs of the platform too. Rates are per second the platform ran
 * within the window ({@code coveredSeconds}). Stateless; call on the thread that owns the store.
 */
public final class HistoryReport {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private final AlertSettings settings;
    private final Recommendations recommendations;

    public HistoryReport(AlertSettings settings) {
        this.settings = settings;
        this.recommendations = new Recommendations(settings);
    }

    /** The report as YAML text. */
    public String render(Map<String, Object> document) {
        try {
            return yaml.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serializable", e);
        }
    }

    /**
     * The report of {@code window} ending {@code now}, as an ordered tree of maps and lists: the stored minutes plus
     * {@code unsaved}, the rows of the minute in progress (not stored yet).
     */
    public Map<String, Object> document(OpsStore store, ReportWindow window, Instant now, List<HistoryRow> unsaved) {
        Instant from = now.minus(window.span());
        Map<String, HistoryRow> rows = new LinkedHashMap<>(
                store.window(Math.floorDiv(from.getEpochSecond(), 60) * 60, now.getEpochSecond() + 1));
        unsaved.forEach(r -> rows.merge(r.kind() + "/" + r.subject(), r, HistoryRow::plus));
        HistoryRow platform = rows.get(HistoryRow.PLATFORM + "/*");
        long coveredMs = platform == null ? 0 : platform.coveredMs();
        double seconds = Math.max(coveredMs / 1000.0, 0.001);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("reportType", PerformanceReport.REPORT_TYPE);
        doc.put("window", window.label());
        doc.put("timestamp", now.toString());
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", from.toString());
        period.put("to", now.toString());
        period.put("seconds", window.span().toSeconds());
        period.put("coveredSeconds", coveredMs / 1000);
        period.put("coverage", round(coveredMs / 1000.0 / window.span().toSeconds(), 4));
        period.put("resolution", window.span().compareTo(store.settings().minutes()) <= 0 ? "minute" : "hour");
        doc.put("period", period);

        List<WorkerFigures> workers = new ArrayList<>();
        long handled = 0;
        long failed = 0;
        LatencyHistogram all = LatencyHistogram.EMPTY;
        List<Map<String, Object>> workerDocs = new ArrayList<>();
        for (HistoryRow r : rows.values()) {
            if (!r.kind().equals(HistoryRow.WORKER)) {
                continue;
            }
            handled += r.handled();
            failed += r.failed();
            try {
                all = all.plus(r.latency());
            } catch (IllegalArgumentException differentBuckets) {
                all = all.count() >= r.latency().count() ? all : r.latency();
            }
            double errorRate = rate(r.failed(), r.handled() + r.failed());
            workers.add(new WorkerFigures(r.subject(), "", 0, r.handled(), r.failed(), r.restarts(), 0, 0, 0,
                    r.rejected(), r.deadLettered(), r.handled(), r.failed(), r.handled() / seconds, errorRate,
                    r.latency().percentileMs(0.5), r.latency().percentileMs(0.99), r.latency().meanMs()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.subject());
            m.put("processed", r.handled());
            m.put("errors", r.failed());
            m.put("errorRate", round(errorRate, 5));
            m.put("throughputPerSecond", round(r.handled() / seconds, 2));
            m.put("averageLatencyMs", round(r.latency().meanMs(), 3));
            m.put("p50LatencyMs", round(r.latency().percentileMs(0.5), 3));
            m.put("p99LatencyMs", round(r.latency().percentileMs(0.99), 3));
            m.put("peakMailboxDepth", r.peak());
            m.put("rejected", r.rejected());
            m.put("deadLettered", r.deadLettered());
            m.put("restarts", r.restarts());
            workerDocs.add(m);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("messagesProcessed", handled);
        metrics.put("errors", failed);
        metrics.put("errorRate", round(rate(failed, handled + failed), 5));
        metrics.put("averageLatencyMs", round(all.meanMs(), 3));
        metrics.put("p50LatencyMs", round(all.percentileMs(0.5), 3));
        metrics.put("p99LatencyMs", round(all.percentileMs(0.99), 3));
        metrics.put("throughputPerSecond", round(handled / seconds, 2));
        HistoryRow http = rows.get(HistoryRow.HTTP + "/http");
        Map<String, Object> h = new LinkedHashMap<>();
        long requests = http == null ? 0 : http.handled();
        h.put("requests", requests);
        h.put("requestsPerSecond", round(requests / seconds, 2));
        h.put("serverErrorRate", round(http == null ? 0 : rate(http.failed(), requests), 5));
        h.put("p50LatencyMs", round(http == null ? 0 : http.latency().percentileMs(0.5), 3));
        h.put("p99LatencyMs", round(http == null ? 0 : http.latency().percentileMs(0.99), 3));
        metrics.put("http", h);
        metrics.put("workers", workerDocs);
        List<Map<String, Object>> queues = new ArrayList<>();
        for (HistoryRow r : rows.values()) {
            if (r.kind().equals(HistoryRow.QUEUE)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.subject());
                m.put("peakBacklog", r.peak());
                m.put("lastBacklog", r.last());
                queues.add(m);
            }
        }
        if (!queues.isEmpty()) {
            metrics.put("jobQueues", queues);
        }
        doc.put("metrics", metrics);

        List<Map<String, Object>> alerts = new ArrayList<>();
        for (OpsStore.AlertCount a : store.alertsFired(from, now.plusMillis(1))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", a.kind().name());
            m.put("subject", a.subject());
            m.put("severity", a.kind().severity().name().toLowerCase(Locale.ROOT));
            m.put("fired", a.fired());
            m.put("lastFiredAt", a.lastFiredAt().toString());
            m.put("lastMessage", a.lastMessage());
            alerts.add(m);
        }
        doc.put("alerts", alerts);

        Figures figures = new Figures(window.span(), workers, new Figures.Overall(handled, failed, handled / seconds,
                rate(failed, handled + failed), all.percentileMs(0.5), all.percentileMs(0.99), all.meanMs()),
                new Figures.HttpFigures(requests, requests / seconds, http == null ? 0 : rate(http.failed(), requests),
                        0, http == null ? 0 : http.latency().percentileMs(0.99)));
        List<String> advice = new ArrayList<>(recommendations.derive(figures,
                new OpsSnapshot(now, from, figures, figures, List.of(), List.of(), List.of())));
        if (coveredMs == 0) {
            advice.add("no samples in this window: the platform did not run, or ran before the history was kept");
        } else if (advice.isEmpty()) {
            advice.add(String.format(Locale.ROOT, "no action needed: %d messages, p99 %.2f ms (limit %.0f ms), "
                    + "error rate %.3f%% (limit %.2f%%)", handled, all.percentileMs(0.99), settings.p99LatencyMs(),
                    rate(failed, handled + failed) * 100, settings.errorRate() * 100));
        }
        doc.put("recommendations", advice);
        return doc;
    }

    private static double rate(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
