package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.server.auth.AccessGuard;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Settlements: process one, look one up, and the business figures of the settlements this server answered
 * ({@code GET /ops/business}). Stateless apart from the thread-safe {@link SettlementTally}.
 */
final class SettlementRoutes {
    private static final Set<String> SETTLEMENT_FIELDS = Set.of("settlementId", "customerId", "amount", "type",
            "event", "betType", "stake", "payout", "paymentMethod", "metadata");

    /** Seconds a client waits before sending again a settlement answered {@code 503 NOT_ACCEPTED}. */
    static final int NOT_ACCEPTED_RETRY_AFTER = 1;

    private final Gateway gateway;
    private final Duration settlementWait;
    private final SettlementTally tally;
    private final PendingAcceptance acceptance;

    SettlementRoutes(Gateway gateway, Duration settlementWait, SettlementTally tally, PendingAcceptance acceptance) {
        this.gateway = gateway;
        this.settlementWait = settlementWait;
        this.tally = tally;
        this.acceptance = acceptance;
    }

    void mount(Javalin app) {
        app.post("/collections/process-settlement", this::process);
        app.get("/settlements/{id}", this::find);
        app.get("/ops/business", ctx -> gateway.send(ctx, 200, tally.view()));
    }

    private void process(Context ctx) {
        JsonBody body = gateway.body(ctx, SETTLEMENT_FIELDS);
        String settlementId = body.requiredId("settlementId");
        String customerId = body.requiredId("customerId");
        AccessGuard.requireCustomer(ctx, customerId);
        Money amount = body.requiredPositiveAmount("amount");
        String typeName = body.requiredText("type");
        SettlementType type = SettlementType.fromWireName(typeName).orElseThrow(() -> ApiError.badRequest("type",
                "type must be one of [payout, collection], was '" + typeName + "'"));
        SettlementRequest request = new SettlementRequest(settlementId, customerId, type, amount,
                body.optionalText("event"), body.optionalText("betType"), body.optionalAmount("stake"),
                body.optionalAmount("payout"), body.optionalText("paymentMethod"),
                body.optionalObjectAsCanonicalJson("metadata"));
        // The seeds' metadata.priority / metadata.ttl are the request envelope's delivery hints.
        JsonBody.DeliveryHints hints = body.deliveryHints("metadata");
        String correlationId = gateway.correlationId(ctx);
        ctx.attribute(Gateway.ATTR_SUBJECT, settlementId);
        ctx.attribute(Gateway.ATTR_CUSTOMER, customerId);
        DomainAdmission.check(gateway.runtime(), Addresses.COLLECTIONS);
        Reply<SettlementOutcome> reply = gateway.runtime().request(Addresses.COLLECTIONS,
                new CollectionsCommand.ProcessSettlement(request), correlationId, settlementWait, hints.priority(),
                hints.ttlMillis()).join();
        switch (reply) {
            case Reply.Success<SettlementOutcome> success -> {
                switch (success.value()) {
                    case SettlementOutcome.Completed c -> {
                        tally.completed(type, amount);
                        gateway.send(ctx, 200, Responses.outcome(c));
                    }
                    case SettlementOutcome.Failed f -> {
                        tally.failed(f.error());
                        gateway.send(ctx, 200, Responses.outcome(f));
                    }
                    case SettlementOutcome.Conflict c -> throw Gateway.conflict("SETTLEMENT_CONFLICT", "settlementId",
                            c.detail());
                    case SettlementOutcome.CustomerNotFound n -> throw CustomerRoutes.customerNotFound(n.customerId());
                }
            }
            case Reply.Failure<SettlementOutcome> failure when failure.kind() == ReplyFailure.TIMEOUT -> {
                if (!acceptance.durable(settlementId)) {
                    // A 202 would promise what a Redis restart without persistence can lose: the request is only in
                    // a stream. The client sends it again; the same settlementId is applied once.
                    throw notAccepted(settlementId);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("settlementId", settlementId);
                tally.pending();
                out.put("status", "pending");
                out.put("correlationId", correlationId);
                out.put("statusUrl", "/settlements/" + settlementId);
                ctx.header("Location", "/settlements/" + settlementId);
                gateway.send(ctx, 202, out);
            }
            case Reply.Failure<SettlementOutcome> failure -> throw Gateway.unavailable(failure);
        }
    }

    private ApiError notAccepted(String settlementId) {
        return new ApiError(503, "NOT_ACCEPTED", "settlementId", "settlement " + settlementId
                + " was not recorded within " + settlementWait.toMillis() + " ms, so it is not accepted yet: send the"
                + " same request again (the same settlementId is applied once)").retryAfter(NOT_ACCEPTED_RETRY_AFTER);
    }

    private void find(Context ctx) {
        String settlementId = Gateway.pathId(ctx, "id");
        switch (gateway.ask(ctx, Addresses.COLLECTIONS, new CollectionsCommand.GetSettlement(settlementId))) {
            case SettlementLookup.Found found -> {
                AccessGuard.requireCustomer(ctx, found.settlement().request().customerId());
                gateway.send(ctx, 200,
                        Responses.settlement(found.settlement(), metadata(found.settlement().request().metadataJson())));
            }
            case SettlementLookup.NotFound notFound -> throw Gateway.notFound("SETTLEMENT_NOT_FOUND", "settlementId",
                    "no settlement " + notFound.settlementId());
        }
    }

    private Object metadata(String canonicalJson) {
        if (canonicalJson == null) {
            return null;
        }
        try {
            return gateway.json().readTree(canonicalJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }
}
