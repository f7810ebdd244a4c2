package dev.crystal.server.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records {@code http.server.requests} (count and latency histogram) per method, route pattern and
 * status, from Javalin's request logger. Stateless apart from the thread-safe registry; called on
 * the request's own (virtual) thread once the response is written.
 */
public final class HttpRequestMeters {
    /** Meter name; Prometheus shows it as {@code http_server_requests_seconds}. */
    public static final String NAME = "http.server.requests";
    static final String EVENT_STREAM = "text/event-stream";

    /** A timer's tags: the route pattern (bounded, see {@link #routePattern}), method and status. */
    private record Key(String method, String uri, int status) {
    }

    private final MeterRegistry registry;
    /** Timers resolved once per method, route and status: a request records into one without building tags. */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public HttpRequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Installs the recorder on a Javalin configuration. */
    public void install(JavalinConfig config) {
        config.requestLogger.http((ctx, millis) -> record(ctx, millis));
    }

    private void record(Context ctx, Float millis) {
        String contentType = ctx.res().getContentType();
        if (contentType != null && contentType.startsWith(EVENT_STREAM)) {
            return; // a live stream's "latency" is how long the viewer watched, not a response time
        }
        int status = ctx.statusCode();
        timers.computeIfAbsent(new Key(ctx.method().name(), routePattern(ctx, status), status), this::timer)
                .record((long) (millis * 1_000_000.0), TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder(NAME)
                .description("HTTP requests served, by route pattern and status")
                .tag("method", key.method())
                .tag("uri", key.uri())
                .tag("status", Integer.toString(key.status()))
                .tag("outcome", outcome(key.status()))
                .publishPercentileHistogram()
                .register(registry);
    }

    /** The matched route pattern (e.g. {@code /settlements/{id}}), never the raw path, to bound the tag's values. */
    private static String routePattern(Context ctx, int status) {
        String pattern;
        try {
            pattern = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            pattern = null;
        }
        // no endpoint matched: null, "*" (an after-handler's path) or Javalin's "No handler matched…" text
        if (pattern == null || !pattern.startsWith("/")) {
            return status == 404 ? "NOT_FOUND" : status < 400 ? "STATIC" : "UNMATCHED";
        }
        return pattern;
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return status >= 200 ? "SUCCESS" : "INFORMATIONAL";
    }
}
