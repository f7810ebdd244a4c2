package dev.crystal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.Jobs;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceRecord;
import dev.crystal.wire.WireFlags;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The platform's HTTP gateway: mounts every domain's routes, the body-size limit and the
 * JSON error mapping. Stateless apart from its collaborators; requests run on virtual threads and
 * may block waiting for a worker's reply.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** The default body limit ({@link HttpLimits#DEFAULT_MAX_BODY_BYTES}). */
    public static final long MAX_BODY_BYTES = HttpLimits.DEFAULT_MAX_BODY_BYTES;
    /** Longest error message an answer carries. */
    public static final int MAX_ERROR_MESSAGE = 1_000;
    /** Paths whose body is YAML (wire flags), all others take JSON. */
    static final Set<String> YAML_PATHS = Set.of("/admin/flags");
    public static final String CORRELATION_HEADER = Gateway.CORRELATION_HEADER;

    private final WorkerRuntime runtime;
    private final Gateway gateway;
    private final Duration settlementWait;
    private final InstantSource clock;
    private final Jobs jobs;
    private final MessageTap tap;
    private final WireFlags flags;
    private final HttpLimits limits;
    private final SseFanout tailSubscribers;
    private final TraceLog traces;
    private final JobRates jobRates;
    private final SettlementTally settlements;
    private final PendingAcceptance acceptance;

    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags) {
        this(runtime, settlementWait, clock, jobs, tap, flags, HttpLimits.defaults());
    }

    /** The API with {@code limits} on bodies, JSON, rates and the {@code /messages/tail} stream. */
    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags, HttpLimits limits) {
        this(runtime, settlementWait, clock, jobs, tap, flags, limits, null, ReadCaches.off());
    }

    /** The API with {@code limits}, every request's hop recorded in {@code traces} and {@code /traces/…} served from it. */
    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags, HttpLimits limits, TraceLog traces) {
        this(runtime, settlementWait, clock, jobs, tap, flags, limits, traces, ReadCaches.off());
    }

    /**
     * The API with {@code limits}, traces in {@code traces}, and balances, affiliates and bonuses read through
     * {@code caches}.
     */
    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags, HttpLimits limits, TraceLog traces, ReadCaches caches) {
        this(runtime, settlementWait, clock, jobs, tap, flags, limits, traces, caches, PendingAcceptance.IN_PROCESS);
    }

    /**
     * As above, a settlement whose outcome is not there after {@code settlementWait} answered {@code 202 pending}
     * only when {@code acceptance} says it is durable, else {@code 503 NOT_ACCEPTED} (a cluster node:
     * {@code RecordedSettlements}).
     */
    public HttpApi(WorkerRuntime runtime, Duration settlementWait, InstantSource clock, Jobs jobs, MessageTap tap,
                   WireFlags flags, HttpLimits limits, TraceLog traces, ReadCaches caches,
                   PendingAcceptance acceptance) {
        this.acceptance = Objects.requireNonNull(acceptance, "acceptance");
        this.traces = traces;
        this.limits = limits;
        this.tailSubscribers = new SseFanout("/messages/tail", limits.maxSseSubscribers(), limits.sseBufferEvents(),
                heartbeat(limits));
        this.tap = tap;
        this.flags = flags;
        this.runtime = runtime;
        this.settlementWait = settlementWait;
        this.clock = clock;
        this.jobs = jobs;
        this.gateway = new Gateway(runtime, Json.mapper(limits), limits, caches);
        this.jobRates = new JobRates(clock);
        this.settlements = new SettlementTally(clock);
        if (jobs != null) {
            jobs.events().subscribe(jobRates::record);
        }
    }

    /** How often an idle event stream gets a keep-alive comment: well within the idle timeout. */
    public static Duration heartbeat(HttpLimits limits) {
        Duration half = limits.idleTimeout().dividedBy(2);
        return half.compareTo(Duration.ofSeconds(15)) < 0 ? half : Duration.ofSeconds(15);
    }

    public HttpLimits limits() {
        return limits;
    }

    /** The subscribers of {@code /messages/tail}. */
    public SseFanout tailSubscribers() {
        return tailSubscribers;
    }

    /** The JSON settings the API answers with. */
    public ObjectMapper json() {
        return gateway.json();
    }

    /** Registers routes, limits and error mapping on {@code app}. */
    public void mount(Javalin app) {
        new EdgeGuards(limits, YAML_PATHS).mount(app);
        app.before(ctx -> ctx.attribute(Gateway.ATTR_STARTED, micros(clock.instant())));
        app.after(this::traceRequest);
        app.after(ctx -> MDC.remove(Gateway.MDC_CORRELATION));
        new CustomerRoutes(gateway).mount(app);
        new SettlementRoutes(gateway, settlementWait, settlements, acceptance).mount(app);
        new AffiliateRoutes(gateway).mount(app);
        new BonusRoutes(gateway, clock).mount(app);
        new AdjustmentRoutes(gateway).mount(app);
        new JobRoutes(gateway, jobs, new SseFanout("/jobs/queues/{queue}/events", limits.maxSseSubscribers(),
                limits.sseBufferEvents(), heartbeat(limits)), jobRates).mount(app);
        new ScheduleRoutes(gateway, jobs).mount(app);
        new WorkflowRoutes(runtime).mount(app);
        new OperatorRoutes(gateway, runtime, tap, flags, tailSubscribers, clock).mount(app);
        new OpenApiRoute().mount(app);
        if (traces != null) {
            new TraceRoutes(gateway, traces).mount(app);
        }
        app.exception(ApiError.class, (e, ctx) -> writeError(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> writeError(ctx, new ApiError(e.getStatus(),
                httpErrorCode(e.getStatus()), null, FailureText.of(e.getMessage()))));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            writeError(ctx, new ApiError(500, "INTERNAL_ERROR", null, "unexpected failure while answering "
                    + ctx.method() + " " + ctx.path() + "; the server log has the details"));
        });
        app.error(404, ctx -> {
            if (unanswered(ctx)) {
                gateway.send(ctx, 404, Responses.error("NOT_FOUND", null, "no route " + ctx.method() + " "
                        + Numbers.brief(ctx.path(), 200)));
            }
        });
        for (int status : new int[]{400, 401, 403, 405, 406, 408, 409, 411, 413, 414, 415, 429, 431, 500, 501, 502,
                503, 504}) {
            app.error(status, ctx -> {
                if (unanswered(ctx)) {
                    gateway.send(ctx, status, Responses.error(httpErrorCode(status), null,
                            HttpStatus.getMessage(status)));
                }
            });
        }
    }

    /** Records the request as an {@code http} hop of its operation (only requests that carry a correlation id). */
    private void traceRequest(Context ctx) {
        String correlation = ctx.attribute(Gateway.ATTR_CORRELATION);
        Long started = ctx.attribute(Gateway.ATTR_STARTED);
        if (traces == null || correlation == null || started == null) {
            return;
        }
        long finished = micros(clock.instant());
        String route = ctx.endpointHandlerPath();
        String subject = ctx.attribute(Gateway.ATTR_SUBJECT);
        if (subject == null && ctx.pathParamMap().containsKey("id")) {
            subject = ctx.pathParam("id");
        }
        String parentSpan = ctx.attribute(Gateway.ATTR_PARENT_SPAN);
        traces.record(new TraceRecord(correlation, "http:" + correlation, parentSpan == null ? null : "w3c:" + parentSpan,
                "http",
                ctx.method() + " " + route, "http", ctx.path(), traces.node(), started, started, finished, 0,
                String.valueOf(ctx.statusCode()), null, subject, ctx.attribute(Gateway.ATTR_CUSTOMER)));
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static boolean unanswered(Context ctx) {
        return ctx.result() == null || ctx.result().isEmpty();
    }

    /** The error code for a bare HTTP status. */
    static String httpErrorCode(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> "RATE_LIMITED";
            case 431 -> "HEADERS_TOO_LARGE";
            case 500 -> "INTERNAL_ERROR";
            case 503 -> "UNAVAILABLE";
            default -> "HTTP_" + status;
        };
    }

    private void writeError(Context ctx, ApiError e) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        gateway.send(ctx, e.status(), Responses.error(e.code(), e.field(), Numbers.brief(e.getMessage(),
                MAX_ERROR_MESSAGE), e.details()));
    }
}
