package dev.crystal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.Jobs;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.wire.WireFlags;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's HTTP gateway: mounts every domain's routes, the body-size limit, health and the
 * JSON error mapping. Stateless apart from its collaborators; requests run on virtual threads and
 * may block waiting for a worker's reply.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    public static final long MAX_BODY_BYTES = 1_048_576;
    public static final String CORRELATION_HEADER = Gateway.CORRELATION_HEADER;

    private final WorkerRuntime runtime;
    private final Gateway gateway;
    private final Duration settlementWait;
    private final InstantSource clock;
    private final Jobs jobs;
    private final MessageTap tap;
    private final WireFlags flags;

    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags) {
        this(runtime, settlementWait, clock, jobs, tap, flags, ReadCaches.off());
    }

    /** The API with balances, affiliates and bonuses read through {@code caches}. */
    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags, ReadCaches caches) {
        this.tap = tap;
        this.flags = flags;
        this.runtime = runtime;
        this.settlementWait = settlementWait;
        this.clock = clock;
        this.jobs = jobs;
        this.gateway = new Gateway(runtime, Json.mapper(), caches);
    }

    /** The JSON settings the API answers with. */
    public ObjectMapper json() {
        return gateway.json();
    }

    /** Registers routes, limits and error mapping on {@code app}. */
    public void mount(Javalin app) {
        app.before(this::limitBodySize);
        new CustomerRoutes(gateway).mount(app);
        new SettlementRoutes(gateway, settlementWait).mount(app);
        new AffiliateRoutes(gateway).mount(app);
        new BonusRoutes(gateway, clock).mount(app);
        new AdjustmentRoutes(gateway).mount(app);
        new JobRoutes(gateway, jobs).mount(app);
        new ScheduleRoutes(gateway, jobs).mount(app);
        new WorkflowRoutes(runtime).mount(app);
        new OperatorRoutes(gateway, runtime, tap, flags).mount(app);
        new OpenApiRoute().mount(app);
        app.get("/health", this::health);
        app.exception(ApiError.class, (e, ctx) -> writeError(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> writeError(ctx, new ApiError(e.getStatus(),
                httpErrorCode(e.getStatus()), null, e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            writeError(ctx, new ApiError(500, "INTERNAL_ERROR", null, "unexpected failure: " + e.getClass().getSimpleName()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                gateway.send(ctx, 404, Responses.error("NOT_FOUND", null, "no route " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private void limitBodySize(Context ctx) {
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            throw new ApiError(413, "PAYLOAD_TOO_LARGE", null,
                    "request body of " + length + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
    }

    private void health(Context ctx) {
        List<WorkerHealth> workers = runtime.health();
        boolean up = workers.stream().allMatch(w -> w.state() == WorkerHealth.WorkerState.RUNNING);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", up ? "UP" : "DOWN");
        out.put("workers", workers.stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("state", w.state().name());
            m.put("healthy", w.healthy());
            m.put("uptimeSeconds", w.uptime().toSeconds());
            m.put("processed", w.processed());
            m.put("errors", w.errors());
            m.put("mailboxDepth", w.mailboxDepth());
            m.put("mailboxCapacity", w.mailboxCapacity());
            m.put("deadLettered", w.deadLettered());
            return m;
        }).toList());
        gateway.send(ctx, up ? 200 : 503, out);
    }

    private static String httpErrorCode(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            default -> "HTTP_" + status;
        };
    }

    private void writeError(Context ctx, ApiError e) {
        gateway.send(ctx, e.status(), Responses.error(e.code(), e.field(), e.getMessage(), e.details()));
    }
}
