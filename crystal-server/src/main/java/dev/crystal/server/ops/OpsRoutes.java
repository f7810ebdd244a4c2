package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.SseFanout;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The operator's routes: dashboard ({@code /}, the dead-letter page {@code /dashboard/dlq}, the jobs pages
 * {@code /dashboard/jobs}, their assets and the
 * {@code /ops/events} stream),
 * {@code /metrics}, {@code /alerts}, {@code /report} and {@code /ops/snapshot}. Stateless apart
 * from its thread-safe collaborators; handlers run on request threads.
 */
public final class OpsRoutes {
    /** Prometheus text exposition format. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final PlatformMeters meters;
    private final OpsMonitor monitor;
    private final PerformanceReport report;
    private final ObjectMapper json;
    private final HttpRequestMeters httpMeters;
    private final String chartJsResource;

    private final SseFanout viewers;

    public OpsRoutes(PlatformMeters meters, OpsMonitor monitor, ObjectMapper json) {
        this(meters, monitor, json, new SseFanout("/ops/events", HttpLimits.DEFAULT_MAX_SSE_SUBSCRIBERS,
                HttpLimits.DEFAULT_SSE_BUFFER_EVENTS, Duration.ofSeconds(15)));
    }

    /** The routes with {@code viewers} bounding the dashboards' {@code /ops/events} streams. */
    public OpsRoutes(PlatformMeters meters, OpsMonitor monitor, ObjectMapper json, SseFanout viewers) {
        this.viewers = viewers;
        this.meters = meters;
        this.monitor = monitor;
        this.report = new PerformanceReport(monitor.settings());
        this.json = json;
        this.httpMeters = new HttpRequestMeters(meters.registry());
        this.chartJsResource = "META-INF/resources/webjars/chart.js/" + webjarVersion() + "/dist/chart.umd.js";
    }

    /** Adds request metrics to the Javalin configuration (call inside {@code Javalin.create}). */
    public void configure(JavalinConfig config) {
        httpMeters.install(config);
    }

    /** Registers the routes. */
    public void mount(Javalin app) {
        app.get("/", ctx -> asset(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        app.get("/dashboard/dashboard.js", ctx -> asset(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/dashboard.css", ctx -> asset(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        app.get("/dashboard/dlq", ctx -> asset(ctx, "dashboard/dlq.html", "text/html; charset=utf-8"));
        app.get("/dashboard/dlq.js", ctx -> asset(ctx, "dashboard/dlq.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/jobs", ctx -> asset(ctx, "dashboard/jobs.html", "text/html; charset=utf-8"));
        app.get("/dashboard/jobs.js", ctx -> asset(ctx, "dashboard/jobs.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/confirm.js", ctx -> asset(ctx, "dashboard/confirm.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/reports.js", ctx -> asset(ctx, "dashboard/reports.js", "text/javascript; charset=utf-8"));
        app.get("/dashboard/chart.umd.js", ctx -> asset(ctx, chartJsResource, "text/javascript; charset=utf-8"));
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(meters.scrape()));
        app.get("/alerts", this::alerts);
        app.get("/report", ctx -> ctx.contentType(PerformanceReport.CONTENT_TYPE).result(report.render(current())));
        app.get("/ops/snapshot", ctx -> ctx.contentType("application/json").result(json.writeValueAsString(current())));
        app.get("/ops/events", ctx -> viewers.handle(ctx, monitor::addViewer));
    }

    private OpsView current() {
        OpsView view = monitor.latest();
        return view != null ? view : monitor.tick();
    }

    private void alerts(Context ctx) throws JsonProcessingException {
        OpsView view = current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluatedAt", view.snapshot().at());
        out.put("active", view.alerts().active());
        out.put("resolved", view.alerts().resolved());
        ctx.contentType("application/json").result(json.writeValueAsString(out));
    }

    private static void asset(Context ctx, String resource, String contentType) {
        InputStream in = OpsRoutes.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("dashboard asset missing from the classpath: " + resource);
        }
        ctx.header("Cache-Control", "no-cache").contentType(contentType).result(in);
    }

    private static String webjarVersion() {
        try (InputStream in = OpsRoutes.class.getClassLoader().getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IllegalStateException("chart.js webjar missing from the classpath (" + CHART_JS_POM + ")");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
