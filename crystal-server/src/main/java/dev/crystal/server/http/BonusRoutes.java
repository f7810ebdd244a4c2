package dev.crystal.server.http;

import dev.crystal.server.auth.AccessGuard;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.contracts.FreePlayMessage.BonusAnswer;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Free-play bonuses: issue, look up, redeem. Stateless. */
final class BonusRoutes {
    private static final Set<String> ISSUE_FIELDS = Set.of("transactionId", "customerId", "bonusType", "amount",
            "wageringRequirement", "expiresAt", "reference");
    private static final Set<String> REDEEM_FIELDS = Set.of("amount", "redemptionId");

    private final Gateway gateway;
    private final InstantSource clock;

    BonusRoutes(Gateway gateway, InstantSource clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    void mount(Javalin app) {
        app.post("/bonuses", this::issue);
        app.get("/bonuses/{id}", this::bonus);
        app.post("/bonuses/{id}/redeem", this::redeem);
    }

    private void bonus(Context ctx) {
        String transactionId = Gateway.pathId(ctx, "id");
        String correlationId = gateway.correlationId(ctx);
        BonusAnswer answer = gateway.caches().bonuses().read(transactionId, () -> gateway.ask(Addresses.FREEPLAY,
                new FreePlayMessage.GetBonus(transactionId), correlationId, Gateway.QUERY_TIMEOUT));
        if (answer instanceof FreePlayMessage.BonusView view) {
            AccessGuard.requireCustomer(ctx, view.bonus().customerId()); // a client key reads its own customers' only
        }
        send(ctx, answer, 200);
    }

    private void issue(Context ctx) {
        JsonBody body = gateway.body(ctx, ISSUE_FIELDS);
        String transactionId = body.requiredId("transactionId");
        String customerId = body.requiredId("customerId");
        String bonusType = body.requiredText("bonusType");
        Money amount = body.requiredPositiveAmount("amount");
        int wagering = body.requiredInt("wageringRequirement", 0, 1_000);
        Instant expiresAt = body.requiredInstant("expiresAt");
        if (!expiresAt.isAfter(clock.instant())) {
            throw ApiError.badRequest("expiresAt", "expiresAt must be in the future, was " + expiresAt);
        }
        String reference = body.optionalText("reference");
        send(ctx, gateway.ask(ctx, Addresses.FREEPLAY, new FreePlayMessage.IssueBonus(transactionId, customerId,
                bonusType, amount, wagering, expiresAt, reference)), 201);
    }

    private void redeem(Context ctx) {
        String transactionId = Gateway.pathId(ctx, "id");
        JsonBody body = gateway.body(ctx, REDEEM_FIELDS);
        Money amount = body.optionalAmount("amount");
        if (amount != null && !amount.isPositive()) {
            throw ApiError.badRequest("amount", "amount must be greater than zero");
        }
        String redemptionId = body.optionalText("redemptionId");
        if (redemptionId != null && !redemptionId.matches("[A-Za-z0-9_.:\\-]{1,128}")) {
            throw ApiError.badRequest("redemptionId", "redemptionId must be 1-128 letters, digits, '_', '-', '.' or ':'");
        }
        BonusAnswer answer = gateway.ask(ctx, Addresses.FREEPLAY,
                new FreePlayMessage.RedeemBonus(transactionId, redemptionId, amount));
        if (answer instanceof FreePlayMessage.BonusView view && view.lastRedemption() != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            var r = view.lastRedemption();
            out.put("type", "BONUS_REDEEMED");
            out.put("transactionId", r.transactionId());
            out.put("customerId", r.customerId());
            out.put("redemptionAmount", r.redemptionAmount());
            out.put("wagerAmount", r.wagerAmount());
            out.put("remainingAmount", r.remainingAmount());
            out.put("status", r.status());
            out.put("redeemedAt", r.redeemedAt());
            out.put("bonus", bonus(view));
            gateway.send(ctx, 200, out);
        } else {
            send(ctx, answer, 200);
        }
    }

    private void send(Context ctx, BonusAnswer answer, int okStatus) {
        switch (answer) {
            case FreePlayMessage.BonusView view -> gateway.send(ctx, okStatus, bonus(view));
            case FreePlayMessage.BonusNotFound nf -> throw Gateway.notFound("BONUS_NOT_FOUND", "transactionId",
                    "no bonus " + nf.transactionId());
            case FreePlayMessage.BonusRefused refused -> throw switch (refused.code()) {
                case "CUSTOMER_NOT_FOUND" -> Gateway.notFound(refused.code(), "customerId", refused.detail());
                case "AMOUNT_EXCEEDS_REMAINING" -> Gateway.conflict(refused.code(), "amount", refused.detail());
                default -> Gateway.conflict(refused.code(), null, refused.detail());
            };
        }
    }

    static Map<String, Object> bonus(FreePlayMessage.BonusView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        var b = v.bonus();
        out.put("transactionId", b.transactionId());
        out.put("customerId", b.customerId());
        out.put("bonusType", b.bonusType());
        out.put("amount", b.amount());
        out.put("wageringRequirement", b.wageringRequirement());
        out.put("expiresAt", b.expiresAt());
        out.put("reference", b.reference());
        out.put("status", v.status());
        out.put("wageringRequired", v.wageringRequired());
        out.put("wagered", v.wagered());
        out.put("redeemed", v.redeemed());
        out.put("remaining", v.remaining());
        out.put("issuedAt", v.issuedAt());
        if (v.expiry() != null) {
            out.put("forfeited", v.expiry().forfeitedAmount());
            out.put("expiredAt", v.expiry().expiredAt());
        }
        return out;
    }
}
