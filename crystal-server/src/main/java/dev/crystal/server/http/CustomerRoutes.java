package dev.crystal.server.http;

import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.kernel.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Customer accounts, balances, ledger history, holds, notices and bonuses. Stateless. */
final class CustomerRoutes {
    private static final Set<String> CUSTOMER_FIELDS = Set.of("customerId", "openingBalance");
    private static final Set<String> HOLD_FIELDS = Set.of("holdId", "amount", "reason");
    private static final int MAX_PAGE = 500;

    private final Gateway gateway;

    CustomerRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void mount(Javalin app) {
        app.post("/customers", this::create);
        app.get("/customers/{id}/balance", this::balance);
        app.get("/customers/{id}/ledger", this::ledger);
        app.post("/customers/{id}/holds", this::placeHold);
        app.post("/customers/{id}/holds/{holdId}/release", ctx -> holdAction(ctx, false));
        app.post("/customers/{id}/holds/{holdId}/capture", ctx -> holdAction(ctx, true));
        app.get("/customers/{id}/notifications", ctx -> NoticeListing.send(gateway, ctx, Gateway.pathId(ctx, "id")));
        app.get("/customers/{id}/bonuses", this::bonuses);
    }

    private void create(Context ctx) {
        JsonBody body = gateway.body(ctx, CUSTOMER_FIELDS);
        String customerId = body.requiredId("customerId");
        Money opening = body.optionalAmount("openingBalance");
        String correlationId = gateway.correlationId(ctx);
        var reply = gateway.ask(Addresses.BALANCE,
                new BalanceCommand.OpenAccount(customerId, opening == null ? Money.ZERO : opening), correlationId,
                Gateway.QUERY_TIMEOUT);
        switch (reply) {
            case BalanceReply.AccountOpened opened -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", opened.customerId());
                out.put("balance", Responses.amount(opened.balance()));
                out.put("correlationId", correlationId);
                ctx.header("Location", "/customers/" + customerId + "/balance");
                gateway.send(ctx, 201, out);
            }
            case BalanceReply.AccountAlreadyExists exists -> throw Gateway.conflict("CUSTOMER_EXISTS", "customerId",
                    "customer " + exists.customerId() + " already exists");
        }
    }

    private void balance(Context ctx) {
        String customerId = Gateway.pathId(ctx, "id");
        String correlationId = gateway.correlationId(ctx);
        switch (gateway.caches().balances().read(customerId, () -> gateway.ask(Addresses.BALANCE,
                new BalanceCommand.GetBalance(customerId), correlationId, Gateway.QUERY_TIMEOUT))) {
            case BalanceReply.CustomerBalance b -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", b.customerId());
                out.put("balance", Responses.amount(b.balance()));
                out.put("held", Responses.amount(b.held()));
                out.put("available", Responses.amount(b.available()));
                out.put("bonusBalance", Responses.amount(b.bonus()));
                gateway.send(ctx, 200, out);
            }
            case BalanceReply.UnknownCustomer u -> throw customerNotFound(u.customerId());
        }
    }

    private void ledger(Context ctx) {
        String customerId = Gateway.pathId(ctx, "id");
        String accountParam = ctx.queryParamMap().containsKey("account") ? ctx.queryParam("account") : "cash";
        LedgerAccount.Type account = switch (accountParam) {
            case "cash" -> LedgerAccount.Type.CUSTOMER_CASH;
            case "bonus" -> LedgerAccount.Type.CUSTOMER_BONUS;
            default -> throw ApiError.badRequest("account", "account must be cash or bonus, was '" + accountParam + "'");
        };
        int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
        long before = longParam(ctx, "before");
        switch (gateway.ask(ctx, Addresses.BALANCE, new BalanceCommand.GetLedger(customerId, account, before, limit))) {
            case BalanceReply.LedgerPage page -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", page.customerId());
                out.put("account", accountParam);
                out.put("entries", page.lines());
                out.put("nextCursor", page.nextCursor());
                if (page.nextCursor() != null) {
                    out.put("next", "/customers/" + customerId + "/ledger?account=" + accountParam + "&limit=" + limit
                            + "&before=" + page.nextCursor());
                }
                gateway.send(ctx, 200, out);
            }
            case BalanceReply.UnknownCustomer u -> throw customerNotFound(u.customerId());
        }
    }

    private void placeHold(Context ctx) {
        String customerId = Gateway.pathId(ctx, "id");
        JsonBody body = gateway.body(ctx, HOLD_FIELDS);
        String holdId = body.requiredId("holdId");
        Money amount = body.requiredPositiveAmount("amount");
        String reason = body.optionalText("reason");
        BalanceReply.HoldAnswer answer = gateway.ask(ctx, Addresses.BALANCE,
                new BalanceCommand.PlaceHold(holdId, customerId, amount, reason));
        sendHold(ctx, answer, 201);
    }

    private void holdAction(Context ctx, boolean capture) {
        String customerId = Gateway.pathId(ctx, "id");
        String holdId = Gateway.pathId(ctx, "holdId");
        BalanceReply.HoldAnswer answer = capture
                ? gateway.ask(ctx, Addresses.BALANCE, new BalanceCommand.CaptureHold(holdId, customerId))
                : gateway.ask(ctx, Addresses.BALANCE, new BalanceCommand.ReleaseHold(holdId, customerId));
        sendHold(ctx, answer, 200);
    }

    private void sendHold(Context ctx, BalanceReply.HoldAnswer answer, int okStatus) {
        switch (answer) {
            case BalanceReply.HoldView view -> gateway.send(ctx, okStatus, view);
            case BalanceReply.HoldNotFound nf -> throw Gateway.notFound("HOLD_NOT_FOUND", "holdId",
                    "no hold " + nf.holdId() + " for this customer");
            case BalanceReply.HoldConflict c -> throw Gateway.conflict("HOLD_CONFLICT", "holdId", c.detail());
            case BalanceReply.InsufficientFunds f -> throw new ApiError(409, "INSUFFICIENT_FUNDS", "amount",
                    "available cash " + f.balance() + " is less than " + f.required(),
                    Responses.errorDetails(new ErrorDetails(f.balance(), f.required(),
                            f.shortfall())));
            case BalanceReply.UnknownCustomer u -> throw customerNotFound(u.customerId());
        }
    }

    private void bonuses(Context ctx) {
        String customerId = Gateway.pathId(ctx, "id");
        FreePlayMessage.BonusList list = gateway.ask(ctx, Addresses.FREEPLAY, new FreePlayMessage.ListBonuses(customerId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", customerId);
        out.put("bonuses", list.bonuses().stream().map(BonusRoutes::bonus).toList());
        gateway.send(ctx, 200, out);
    }

    static ApiError customerNotFound(String customerId) {
        return Gateway.notFound("CUSTOMER_NOT_FOUND", "customerId", "no customer " + customerId);
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiError.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a whole number, was '" + v + "'");
        }
    }

    private static long longParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw ApiError.badRequest(name, name + " must be a positive cursor from a previous page");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a cursor from a previous page, was '" + v + "'");
        }
    }

    /** Lists the notices of a customer or an affiliate. */
    static final class NoticeListing {
        private NoticeListing() {
        }

        static void send(Gateway gateway, Context ctx, String recipientId) {
            NotificationsMessage.Notices notices = gateway.ask(ctx, Addresses.NOTIFICATIONS,
                    new NotificationsMessage.ListNotices(recipientId, 100));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("recipientId", recipientId);
            out.put("notices", notices.notices().stream().map(Responses::notice).toList());
            gateway.send(ctx, 200, out);
        }
    }
}
