package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's HTTP gateway: validates JSON input, assigns correlation ids and turns requests
 * into messages to the domain workers. Stateless apart from its collaborators; requests run on
 * virtual threads and may block waiting for a worker's reply.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    public static final long MAX_BODY_BYTES = 1_048_576;
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final Pattern CORRELATION = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("customerId", "openingBalance");
    private static final Set<String> SETTLEMENT_FIELDS = Set.of("settlementId", "customerId", "amount", "type",
            "event", "betType", "stake", "payout", "paymentMethod", "metadata");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final WorkerRuntime runtime;
    private final ObjectMapper json = Json.mapper();
    private final Duration settlementWait;

    public HttpApi(WorkerRuntime runtime, Duration settlementWait) {
        this.runtime = runtime;
        this.settlementWait = settlementWait;
    }

    /** Registers routes, limits and error mapping on {@code app}. */
    public void mount(Javalin app) {
        app.before(this::limitBodySize);
        app.post("/customers", this::createCustomer);
        app.get("/customers/{id}/balance", this::balance);
        app.get("/customers/{id}/notifications", this::notifications);
        app.post("/collections/process-settlement", this::processSettlement);
        app.get("/settlements/{id}", this::settlement);
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
                send(ctx, 404, Responses.error("NOT_FOUND", null, "no route " + ctx.method() + " " + ctx.path()));
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

    private String correlationId(Context ctx) {
        String given = ctx.header(CORRELATION_HEADER);
        if (given != null && !given.isBlank()) {
            if (!CORRELATION.matcher(given).matches()) {
                throw new ApiError(400, "VALIDATION_FAILED", CORRELATION_HEADER,
                        CORRELATION_HEADER + " must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
            }
            return given;
        }
        return "corr_" + UUID.randomUUID().toString().replace("-", "");
    }

    private String body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "PAYLOAD_TOO_LARGE", null,
                    "request body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- customers ----

    private void createCustomer(Context ctx) {
        JsonBody body = JsonBody.parse(body(ctx), json, CUSTOMER_FIELDS);
        String customerId = body.requiredId("customerId");
        Money opening = body.optionalAmount("openingBalance");
        String correlationId = correlationId(ctx);
        var reply = ask(Addresses.BALANCE, new BalanceCommand.OpenAccount(customerId, opening == null ? Money.ZERO : opening),
                correlationId, QUERY_TIMEOUT);
        ctx.header(CORRELATION_HEADER, correlationId);
        switch (reply) {
            case BalanceReply.AccountOpened opened -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", opened.customerId());
                out.put("balance", Responses.amount(opened.balance()));
                out.put("correlationId", correlationId);
                ctx.header("Location", "/customers/" + customerId + "/balance");
                send(ctx, 201, out);
            }
            case BalanceReply.AccountAlreadyExists exists -> throw new ApiError(409, "CUSTOMER_EXISTS", "customerId",
                    "customer " + exists.customerId() + " already exists");
        }
    }

    private void balance(Context ctx) {
        String customerId = pathId(ctx);
        switch (ask(Addresses.BALANCE, new BalanceCommand.GetBalance(customerId), correlationId(ctx), QUERY_TIMEOUT)) {
            case BalanceReply.CustomerBalance b -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", b.customerId());
                out.put("balance", Responses.amount(b.balance()));
                send(ctx, 200, out);
            }
            case BalanceReply.UnknownCustomer u -> throw customerNotFound(u.customerId());
        }
    }

    private void notifications(Context ctx) {
        String customerId = pathId(ctx);
        var notices = ask(Addresses.NOTIFICATIONS, new NotificationsMessage.ListNotices(customerId, 100),
                correlationId(ctx), QUERY_TIMEOUT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", customerId);
        out.put("notices", notices.notices().stream().map(Responses::notice).toList());
        send(ctx, 200, out);
    }

    // ---- settlements ----

    private void processSettlement(Context ctx) {
        JsonBody body = JsonBody.parse(body(ctx), json, SETTLEMENT_FIELDS);
        String settlementId = body.requiredId("settlementId");
        String customerId = body.requiredId("customerId");
        Money amount = body.requiredPositiveAmount("amount");
        String typeName = body.requiredText("type");
        SettlementType type = SettlementType.fromWireName(typeName).orElseThrow(() -> ApiError.badRequest("type",
                "type must be one of [payout, collection], was '" + typeName + "'"));
        SettlementRequest request = new SettlementRequest(settlementId, customerId, type, amount,
                body.optionalText("event"), body.optionalText("betType"), body.optionalAmount("stake"),
                body.optionalAmount("payout"), body.optionalText("paymentMethod"),
                body.optionalObjectAsCanonicalJson("metadata"));
        String correlationId = correlationId(ctx);
        Reply<SettlementOutcome> reply = runtime.request(Addresses.COLLECTIONS,
                new CollectionsCommand.ProcessSettlement(request), correlationId, settlementWait).join();
        ctx.header(CORRELATION_HEADER, correlationId);
        switch (reply) {
            case Reply.Success<SettlementOutcome> success -> {
                switch (success.value()) {
                    case SettlementOutcome.Completed c -> send(ctx, 200, Responses.outcome(c));
                    case SettlementOutcome.Failed f -> send(ctx, 200, Responses.outcome(f));
                    case SettlementOutcome.Conflict c -> throw new ApiError(409, "SETTLEMENT_CONFLICT", "settlementId",
                            c.detail());
                    case SettlementOutcome.CustomerNotFound n -> throw customerNotFound(n.customerId());
                }
            }
            case Reply.Failure<SettlementOutcome> failure when failure.kind() == ReplyFailure.TIMEOUT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("settlementId", settlementId);
                out.put("status", "pending");
                out.put("correlationId", correlationId);
                out.put("statusUrl", "/settlements/" + settlementId);
                ctx.header("Location", "/settlements/" + settlementId);
                send(ctx, 202, out);
            }
            case Reply.Failure<SettlementOutcome> failure -> throw unavailable(failure);
        }
    }

    private void settlement(Context ctx) {
        String settlementId = pathId(ctx);
        switch (ask(Addresses.COLLECTIONS, new CollectionsCommand.GetSettlement(settlementId), correlationId(ctx),
                QUERY_TIMEOUT)) {
            case SettlementLookup.Found found -> send(ctx, 200,
                    Responses.settlement(found.settlement(), metadata(found.settlement().request().metadataJson())));
            case SettlementLookup.NotFound notFound -> throw new ApiError(404, "SETTLEMENT_NOT_FOUND", "settlementId",
                    "no settlement " + notFound.settlementId());
        }
    }

    private Object metadata(String canonicalJson) {
        if (canonicalJson == null) {
            return null;
        }
        try {
            return json.readTree(canonicalJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }

    // ---- health ----

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
        send(ctx, up ? 200 : 503, out);
    }

    // ---- plumbing ----

    private <R, M extends Request<R>> R ask(Address<? super M> to, M message, String correlationId, Duration timeout) {
        Reply<R> reply = runtime.request(to, message, correlationId, timeout).join();
        return switch (reply) {
            case Reply.Success<R> success -> success.value();
            case Reply.Failure<R> failure -> throw unavailable(failure);
        };
    }

    private static ApiError unavailable(Reply.Failure<?> failure) {
        int status = failure.kind() == ReplyFailure.RECIPIENT_FAILURE ? 500 : 503;
        return new ApiError(status, failure.kind().name(), null, "the platform could not answer: " + failure.detail());
    }

    private static String pathId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[A-Za-z0-9_.:\\-]{1,128}")) {
            throw ApiError.badRequest("id", "id must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
        }
        return id;
    }

    private static ApiError customerNotFound(String customerId) {
        return new ApiError(404, "CUSTOMER_NOT_FOUND", "customerId", "no customer " + customerId);
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
        send(ctx, e.status(), Responses.error(e.code(), e.field(), e.getMessage()));
    }

    private void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }
}
