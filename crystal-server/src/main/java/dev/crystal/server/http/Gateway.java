package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.server.trace.OtelIds;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * What every route needs: JSON bodies with field validation, correlation ids, request/reply to a
 * worker, and JSON answers. Stateless apart from its collaborators; used from request threads.
 */
final class Gateway {
    static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final String MDC_CORRELATION = "correlationId";
    /** Request attributes the trace log's HTTP hop reads: the operation, and the business id and customer. */
    static final String ATTR_CORRELATION = "crystal.correlation";
    static final String ATTR_SUBJECT = "crystal.subject";
    static final String ATTR_CUSTOMER = "crystal.customer";
    static final String ATTR_STARTED = "crystal.startedMicros";
    static final String ATTR_PARENT_SPAN = "crystal.parentSpan";
    static final String TRACEPARENT_HEADER = "traceparent";
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final HexFormat HEX = HexFormat.of();

    private final WorkerRuntime runtime;
    private final ObjectMapper json;
    private final HttpLimits limits;
    private final ReadCaches caches;

    Gateway(WorkerRuntime runtime, ObjectMapper json, HttpLimits limits, ReadCaches caches) {
        this.runtime = runtime;
        this.json = json;
        this.limits = limits;
        this.caches = caches;
    }

    HttpLimits limits() {
        return limits;
    }

    /** The read caches in front of balances, affiliates and bonuses. */
    ReadCaches caches() {
        return caches;
    }

    WorkerRuntime runtime() {
        return runtime;
    }

    ObjectMapper json() {
        return json;
    }

    /** The caller's correlation id ({@value #CORRELATION_HEADER}) or a new one; echoed in the answer header. */
    String correlationId(Context ctx) {
        String given = ctx.header(CORRELATION_HEADER);
        String id;
        if (given != null && !given.isBlank()) {
            if (!JsonBody.isId(given)) {
                throw new ApiError(400, "VALIDATION_FAILED", CORRELATION_HEADER,
                        CORRELATION_HEADER + " must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
            }
            id = given;
        } else {
            OtelIds.TraceParent parent = OtelIds.parse(ctx.header(TRACEPARENT_HEADER));
            if (parent != null) {
                // W3C trace context: the trace id becomes the operation's correlation id, which every envelope, stream
                // entry and job carries on, so every hop's span joins the caller's trace.
                id = parent.traceId();
                ctx.attribute(ATTR_PARENT_SPAN, parent.spanId());
            } else {
                id = newCorrelationId();
            }
        }
        ctx.header(CORRELATION_HEADER, id);
        ctx.header(TRACEPARENT_HEADER, OtelIds.traceparent(id));
        MDC.put(MDC_CORRELATION, id); // this request's log lines; removed after the request (HttpApi)
        ctx.attribute(ATTR_CORRELATION, id); // the request's hop in the trace log (HttpApi)
        return id;
    }

    /**
     * A fresh id {@code corr_} + 32 hex digits (128 random bits). Unique, not secret: drawn from the thread's own
     * generator, not from the shared {@code SecureRandom} behind {@code UUID.randomUUID()} (a lock and a digest on
     * every request).
     */
    static String newCorrelationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "corr_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    /**
     * The request's JSON body: {@code Content-Type: application/json} required (415), read within the
     * size and time limits (413, 408), numbers bounded (400), fields checked against {@code allowedFields}.
     */
    JsonBody body(Context ctx, Set<String> allowedFields) {
        return JsonBody.parse(jsonText(ctx), json, allowedFields, limits);
    }

    /** The body's fields, or none when the request carries no body (e.g. an approval: who approves is the key). */
    JsonBody optionalBody(Context ctx, Set<String> allowedFields) {
        if (ctx.req().getContentType() == null && ctx.req().getContentLengthLong() <= 0) {
            return JsonBody.parse("{}", json, allowedFields, limits);
        }
        String text = jsonText(ctx);
        return JsonBody.parse(text.isBlank() ? "{}" : text, json, allowedFields, limits);
    }

    /**
     * The request's body as any JSON value (e.g. a job's data), with the same media type, size, time,
     * shape and number limits as {@link #body}.
     */
    JsonNode jsonValue(Context ctx) {
        String text = jsonText(ctx);
        if (text.isBlank()) {
            throw new ApiError(400, "MALFORMED_JSON", null, "request body is empty; a JSON value is required");
        }
        try {
            JsonNode value = json.readTree(text);
            JsonBody.checkNumbers("body", value, limits.maxNumberLength());
            return value;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "MALFORMED_JSON", null, "request body is not valid JSON: "
                    + Numbers.brief(e.getOriginalMessage().replaceAll(", from `[^`]*`", ""), 300));
        }
    }

    private String jsonText(Context ctx) {
        String contentType = ctx.req().getContentType();
        if (contentType == null || !EdgeGuards.isJson(contentType)) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", (contentType == null
                    ? "Content-Type is missing" : "Content-Type '" + Numbers.brief(contentType, 100) + "' is not accepted")
                    + "; " + ctx.method() + " " + ctx.path() + " takes Content-Type: application/json");
        }
        return new String(BoundedBody.read(ctx, limits.maxBodyBytes(), limits.bodyTimeout()), StandardCharsets.UTF_8);
    }

    static String pathId(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (!JsonBody.isId(id)) {
            throw ApiError.badRequest(name, name + " must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
        }
        return id;
    }

    /** Sends a request to a worker and waits for the value; failures become 503/500 errors. */
    <R, M extends Request<R>> R ask(Address<? super M> to, M message, String correlationId, Duration timeout) {
        DomainAdmission.check(runtime, to);
        Reply<R> reply = runtime.request(to, message, correlationId, timeout).join();
        return switch (reply) {
            case Reply.Success<R> success -> success.value();
            case Reply.Failure<R> failure -> throw unavailable(failure);
        };
    }

    <R, M extends Request<R>> R ask(Context ctx, Address<? super M> to, M message) {
        return ask(to, message, correlationId(ctx), QUERY_TIMEOUT);
    }

    static ApiError unavailable(Reply.Failure<?> failure) {
        int status = failure.kind() == ReplyFailure.RECIPIENT_FAILURE ? 500 : 503;
        ApiError error = new ApiError(status, failure.kind().name(), null, "the platform could not answer: "
                + FailureText.of(failure.detail()));
        // A full mailbox or stream: the caller should come back later rather than re-send at once.
        return failure.kind() == ReplyFailure.REJECTED ? error.retryAfter(DomainAdmission.BUSY_RETRY_AFTER_SECONDS)
                : error;
    }

    /**
     * Writes {@code body} as JSON. A body that names a correlation id (a repeated settlement answers the
     * original's) also sets the {@value #CORRELATION_HEADER} header to it, so header and body always agree.
     */
    void send(Context ctx, int status, Object body) {
        if (body instanceof Map<?, ?> map && map.get("correlationId") instanceof String recorded) {
            ctx.header(CORRELATION_HEADER, recorded);
            ctx.header(TRACEPARENT_HEADER, OtelIds.traceparent(recorded));
        }
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }

    static ApiError notFound(String code, String field, String message) {
        return new ApiError(404, code, field, message);
    }

    static ApiError conflict(String code, String field, String message) {
        return new ApiError(409, code, field, message);
    }
}
