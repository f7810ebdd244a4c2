package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's {@code WORKER_PERFORMANCE} report in YAML: the period since start, its metrics, the
 * alerts and recommendations derived from those figures. Stateless.
 */
public final class PerformanceReport {
    public static final String REPORT_TYPE = "WORKER_PERFORMANCE";
    /** Content type of the report over HTTP. */
    public static final String CONTENT_TYPE = "application/yaml";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private final Recommendations recommendations;
    private final AlertSettings settings;

    public PerformanceReport(AlertSettings settings) {
        this.settings = settings;
        this.recommendations = new Recommendations(settings);
    }

    /** The report as YAML text. */
    public String render(OpsView view) {
        try {
            return yaml.writeValueAsString(document(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serializable", e);
        }
    }

    /** The report as an ordered tree of maps and lists. */
    public Map<String, Object> document(OpsView view) {
        OpsSnapshot s = view.snapshot();
        Figures period = s.period();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("reportType", REPORT_TYPE);
        doc.put("timestamp", s.at().toString());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", s.startedAt().toString());
        p.put("to", s.at().toString());
        p.put("duration", humane(period.span()));
        p.put("seconds", period.span().toSeconds());
        doc.put("period", p);

        Map<String, Object> metrics = new LinkedHashMap<>();
        Figures.Overall all = period.all();
        metrics.put("messagesProcessed", all.handled());
        metrics.put("errors", all.failed());
        metrics.put("errorRate", round(all.errorRate(), 5));
        metrics.put("averageLatencyMs", round(all.meanMs(), 3));
        metrics.put("p50LatencyMs", round(all.p50Ms(), 3));
        metrics.put("p99LatencyMs", round(all.p99Ms(), 3));
        metrics.put("throughputPerSecond", round(all.throughput(), 2));
        metrics.put("currentThroughputPerSecond", round(s.window().all().throughput(), 2));
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("requests", period.http().requests());
        http.put("requestsPerSecond", round(period.http().requestsPerSecond(), 2));
        http.put("serverErrorRate", round(period.http().serverErrorRate(), 5));
        http.put("p50LatencyMs", round(period.http().p50Ms(), 3));
        http.put("p99LatencyMs", round(period.http().p99Ms(), 3));
        metrics.put("http", http);
        List<Map<String, Object>> workers = new ArrayList<>();
        for (WorkerFigures w : period.workers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("state", w.state());
            m.put("uptimeSeconds", w.uptimeSeconds());
            m.put("processed", w.handledInSpan());
            m.put("errors", w.failedInSpan());
            m.put("errorRate", round(w.errorRate(), 5));
            m.put("throughputPerSecond", round(w.throughput(), 2));
            m.put("averageLatencyMs", round(w.meanMs(), 3));
            m.put("p50LatencyMs", round(w.p50Ms(), 3));
            m.put("p99LatencyMs", round(w.p99Ms(), 3));
            m.put("mailboxDepth", w.mailboxDepth());
            m.put("mailboxCapacity", w.mailboxCapacity());
            m.put("rejected", w.rejected());
            m.put("deadLettered", w.deadLettered());
            m.put("restarts", w.restarts());
            workers.add(m);
        }
        metrics.put("workers", workers);
        if (!s.breakers().isEmpty()) {
            metrics.put("circuitBreakers", s.breakers().stream()
                    .map(b -> Map.of("name", b.name(), "state", b.state())).toList());
        }
        if (!s.queues().isEmpty()) {
            metrics.put("jobQueues", s.queues().stream().map(q -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", q.name());
                m.put("backlog", q.backlog());
                m.put("changePerSecond", round(q.changePerSecond(), 2));
                return m;
            }).toList());
        }
        if (!s.compression().isEmpty()) {
            long messages = s.compression().stream().mapToLong(OpsSnapshot.CompressionFigures::messages).sum();
            double weighted = s.compression().stream().mapToDouble(c -> c.meanRatio() * c.messages()).sum();
            metrics.put("compressionRatio", round(weighted / messages, 3));
            metrics.put("compression", s.compression().stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("algorithm", c.algorithm());
                m.put("messages", c.messages());
                m.put("meanRatio", round(c.meanRatio(), 3));
                return m;
            }).toList());
        }
        doc.put("metrics", metrics);

        List<Map<String, Object>> alerts = new ArrayList<>();
        view.alerts().active().forEach(a -> alerts.add(alert(a)));
        view.alerts().resolved().forEach(a -> alerts.add(alert(a)));
        doc.put("alerts", alerts);
        doc.put("recommendations", recommendationsFor(view, period));
        return doc;
    }

    private List<String> recommendationsFor(OpsView view, Figures period) {
        List<String> out = new ArrayList<>(recommendations.derive(period, view.snapshot()));
        for (String current : view.recommendations()) {
            if (!out.contains(current)) {
                out.add("now: " + current);
            }
        }
        if (out.isEmpty()) {
            Figures.Overall all = period.all();
            out.add(String.format(Locale.ROOT, "no action needed: %d messages, p99 %.2f ms (limit %.0f ms), "
                            + "error rate %.3f%% (limit %.2f%%), no mailbox above %.0f%%", all.handled(), all.p99Ms(),
                    settings.p99LatencyMs(), all.errorRate() * 100, settings.errorRate() * 100,
                    Recommendations.MAILBOX_PRESSURE * 100));
        }
        return out;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.kind().name());
        m.put("subject", a.subject());
        m.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        m.put("message", a.message());
        m.put("status", a.active() ? "active" : "resolved");
        m.put("since", a.since().toString());
        if (!a.active()) {
            m.put("resolvedAt", a.resolvedAt().toString());
        }
        return m;
    }

    private static String humane(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
