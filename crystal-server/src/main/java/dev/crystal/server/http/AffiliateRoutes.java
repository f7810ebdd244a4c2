package dev.crystal.server.http;

import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.DistributionsMessage.AffiliateAnswer;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Affiliates, commission calculation and payouts (the distributions domain). Stateless. */
final class AffiliateRoutes {
    private static final Set<String> AFFILIATE_FIELDS = Set.of("affiliateId", "commissionRate",
            "performanceBonusThreshold", "performanceBonusRate", "paymentMethod");
    private static final Set<String> LINK_FIELDS = Set.of("customerId");
    private static final Set<String> CALCULATE_FIELDS = Set.of("period", "affiliateId");
    private static final Set<String> PAYOUT_FIELDS = Set.of("affiliateId", "period");

    private final Gateway gateway;

    AffiliateRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void mount(Javalin app) {
        app.post("/affiliates", this::register);
        app.get("/affiliates/{id}", this::affiliate);
        app.post("/affiliates/{id}/customers", this::link);
        app.get("/affiliates/{id}/notifications",
                ctx -> CustomerRoutes.NoticeListing.send(gateway, ctx, Gateway.pathId(ctx, "id")));
        app.post("/distributions/calculate", this::calculate);
        app.post("/distributions/payout", this::payout);
    }

    private void affiliate(Context ctx) {
        String affiliateId = Gateway.pathId(ctx, "id");
        String correlationId = gateway.correlationId(ctx);
        sendAffiliate(ctx, gateway.caches().affiliates().read(affiliateId, () -> gateway.ask(Addresses.DISTRIBUTIONS,
                new DistributionsMessage.GetAffiliate(affiliateId), correlationId, Gateway.QUERY_TIMEOUT)), 200);
    }

    private void register(Context ctx) {
        JsonBody body = gateway.body(ctx, AFFILIATE_FIELDS);
        String affiliateId = body.requiredId("affiliateId");
        BigDecimal rate = percent(body, "commissionRate", true);
        Money threshold = body.optionalAmount("performanceBonusThreshold");
        BigDecimal bonusRate = percent(body, "performanceBonusRate", false);
        if ((threshold == null) != (bonusRate == null)) {
            throw ApiError.badRequest(threshold == null ? "performanceBonusThreshold" : "performanceBonusRate",
                    "performanceBonusThreshold and performanceBonusRate go together");
        }
        String method = body.optionalText("paymentMethod");
        sendAffiliate(ctx, gateway.ask(ctx, Addresses.DISTRIBUTIONS,
                new DistributionsMessage.RegisterAffiliate(affiliateId, rate, threshold, bonusRate, method)), 201);
    }

    private static BigDecimal percent(JsonBody body, String field, boolean required) {
        BigDecimal value = required ? body.requiredDecimal(field) : body.optionalDecimal(field);
        if (value != null && (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw ApiError.badRequest(field, field + " is a percentage between 0 and 100, was " + Numbers.brief(value));
        }
        if (value != null && value.stripTrailingZeros().scale() > 4) {
            throw ApiError.badRequest(field, field + " must have at most 4 decimals");
        }
        return value;
    }

    private void link(Context ctx) {
        String affiliateId = Gateway.pathId(ctx, "id");
        String customerId = gateway.body(ctx, LINK_FIELDS).requiredId("customerId");
        sendAffiliate(ctx, gateway.ask(ctx, Addresses.DISTRIBUTIONS,
                new DistributionsMessage.LinkCustomer(affiliateId, customerId)), 201);
    }

    private void sendAffiliate(Context ctx, AffiliateAnswer answer, int okStatus) {
        switch (answer) {
            case DistributionsMessage.AffiliateView view -> gateway.send(ctx, okStatus, view);
            case DistributionsMessage.AffiliateNotFound nf -> throw affiliateNotFound(nf.affiliateId());
            case DistributionsMessage.AffiliateConflict c -> throw Gateway.conflict(c.code(), null, c.detail());
        }
    }

    private void calculate(Context ctx) {
        JsonBody body = gateway.body(ctx, CALCULATE_FIELDS);
        String period = period(body);
        String affiliateId = body.optionalText("affiliateId");
        switch (gateway.ask(ctx, Addresses.DISTRIBUTIONS,
                new DistributionsMessage.CalculateCommission(affiliateId, period))) {
            case DistributionsMessage.Calculated calculated -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("period", period);
                out.put("commissions", calculated.commissions());
                gateway.send(ctx, 200, out);
            }
            case DistributionsMessage.AffiliateNotFound nf -> throw affiliateNotFound(nf.affiliateId());
            case DistributionsMessage.AffiliateConflict c -> throw Gateway.conflict(c.code(), null, c.detail());
        }
    }

    private void payout(Context ctx) {
        JsonBody body = gateway.body(ctx, PAYOUT_FIELDS);
        String affiliateId = body.requiredId("affiliateId");
        String period = period(body);
        switch (gateway.ask(ctx, Addresses.DISTRIBUTIONS, new DistributionsMessage.PayCommission(affiliateId, period))) {
            case DistributionsMessage.Paid paid -> gateway.send(ctx, 200, paid.distribution());
            case DistributionsMessage.AffiliateNotFound nf -> throw affiliateNotFound(nf.affiliateId());
            case DistributionsMessage.AffiliateConflict c -> throw Gateway.conflict(c.code(), "period", c.detail());
        }
    }

    private static String period(JsonBody body) {
        String period = body.requiredText("period");
        if (!period.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw ApiError.badRequest("period", "period must look like 2025-01 (YYYY-MM), was '" + period + "'");
        }
        return period;
    }

    private static ApiError affiliateNotFound(String affiliateId) {
        return Gateway.notFound("AFFILIATE_NOT_FOUND", "affiliateId", "no affiliate " + affiliateId);
    }
}
