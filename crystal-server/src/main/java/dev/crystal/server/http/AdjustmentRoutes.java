package dev.crystal.server.http;

import dev.crystal.server.auth.AccessGuard;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentAnswer;
import dev.crystal.settlement.contracts.AdjustmentsCommand.Direction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Manual adjustments with four-eyes approval. Stateless. */
final class AdjustmentRoutes {
    private static final Set<String> REQUEST_FIELDS = Set.of("adjustmentId", "customerId", "direction", "amount",
            "reason", "requestedBy");
    private static final Set<String> APPROVE_FIELDS = Set.of("approvedBy");
    private static final Set<String> REJECT_FIELDS = Set.of("rejectedBy", "reason");

    private final Gateway gateway;

    AdjustmentRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void mount(Javalin app) {
        app.post("/adjustments", this::request);
        app.get("/adjustments/{id}", ctx -> send(ctx, gateway.ask(ctx, Addresses.ADJUSTMENTS,
                new AdjustmentsCommand.GetAdjustment(Gateway.pathId(ctx, "id")))));
        app.post("/adjustments/{id}/approve", ctx -> {
            String id = Gateway.pathId(ctx, "id");
            String approver = AccessGuard.identity(ctx, "approvedBy",
                    optionalBody(ctx, APPROVE_FIELDS).optionalText("approvedBy"));
            send(ctx, gateway.ask(ctx, Addresses.ADJUSTMENTS, new AdjustmentsCommand.ApproveAdjustment(id, approver)));
        });
        app.post("/adjustments/{id}/reject", ctx -> {
            String id = Gateway.pathId(ctx, "id");
            JsonBody body = optionalBody(ctx, REJECT_FIELDS);
            String rejecter = AccessGuard.identity(ctx, "rejectedBy", body.optionalText("rejectedBy"));
            send(ctx, gateway.ask(ctx, Addresses.ADJUSTMENTS, new AdjustmentsCommand.RejectAdjustment(id,
                    rejecter, body.optionalText("reason"))));
        });
    }

    private void request(Context ctx) {
        JsonBody body = gateway.body(ctx, REQUEST_FIELDS);
        String adjustmentId = body.requiredId("adjustmentId");
        String customerId = body.requiredId("customerId");
        Direction direction = Direction.valueOf(body.requiredChoice("direction", List.of("credit", "debit"))
                .toUpperCase(Locale.ROOT));
        var amount = body.requiredPositiveAmount("amount");
        String reason = body.requiredText("reason");
        // who asks is the key's holder, never what the body says (four eyes compares key identities)
        String requestedBy = AccessGuard.identity(ctx, "requestedBy", body.optionalText("requestedBy"));
        send(ctx, gateway.ask(ctx, Addresses.ADJUSTMENTS, new AdjustmentsCommand.RequestAdjustment(adjustmentId,
                customerId, direction, amount, reason, requestedBy)));
    }

    /** The body, or an empty object when none is sent (approve and reject need no fields any more). */
    private JsonBody optionalBody(Context ctx, Set<String> fields) {
        return gateway.optionalBody(ctx, fields);
    }

    private void send(Context ctx, AdjustmentAnswer answer) {
        switch (answer) {
            case AdjustmentsCommand.AdjustmentView view -> {
                if ("failed".equals(view.status()) && "CUSTOMER_NOT_FOUND".equals(view.error())) {
                    throw CustomerRoutes.customerNotFound(view.customerId());
                }
                int status = switch (view.status()) {
                    case "pending_approval" -> 202;
                    case "applied" -> ctx.method().name().equals("POST") && ctx.path().equals("/adjustments") ? 201 : 200;
                    default -> 200;
                };
                gateway.send(ctx, status, view);
            }
            case AdjustmentsCommand.AdjustmentNotFound nf -> throw Gateway.notFound("ADJUSTMENT_NOT_FOUND",
                    "adjustmentId", "no adjustment " + nf.adjustmentId());
            case AdjustmentsCommand.AdjustmentRefused refused -> throw switch (refused.code()) {
                case "FOUR_EYES_REQUIRED" -> new ApiError(403, refused.code(), "approvedBy", refused.detail());
                default -> Gateway.conflict(refused.code(), null, refused.detail());
            };
        }
    }
}
