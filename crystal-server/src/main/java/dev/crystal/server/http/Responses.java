package dev.crystal.server.http;

import dev.crystal.settlement.contracts.ErrorDetails;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementView;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps domain answers to JSON documents (ordered maps). Stateless. */
final class Responses {
    private Responses() {
    }

    static BigDecimal amount(Money money) {
        return money == null ? null : money.toBigDecimal();
    }

    static Map<String, Object> error(String code, String field, String message) {
        return error(code, field, message, null);
    }

    static Map<String, Object> error(String code, String field, String message, Object details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (field != null) {
            body.put("field", field);
        }
        body.put("message", message);
        if (details != null) {
            body.put("errorDetails", details);
        }
        return body;
    }

    static Map<String, Object> outcome(SettlementOutcome.Completed c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settlementId", c.settlementId());
        body.put("status", "completed");
        body.put("correlationId", c.correlationId());
        body.put("balance", amount(c.balance()));
        body.put("customerId", c.customerId());
        body.put("confirmationNumber", c.confirmationNumber());
        body.put("processedAt", c.processedAt().toString());
        return body;
    }

    static Map<String, Object> outcome(SettlementOutcome.Failed f) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settlementId", f.settlementId());
        body.put("status", "failed");
        body.put("correlationId", f.correlationId());
        body.put("balance", amount(f.balance()));
        body.put("customerId", f.customerId());
        body.put("error", f.error());
        body.put("errorDetails", errorDetails(f.errorDetails()));
        body.put("retryCount", f.retryCount());
        body.put("nextRetryAt", f.nextRetryAt() == null ? null : f.nextRetryAt().toString());
        return body;
    }

    static Map<String, Object> errorDetails(ErrorDetails d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("balance", amount(d.balance()));
        details.put("required", amount(d.required()));
        details.put("shortfall", amount(d.shortfall()));
        return details;
    }

    static Map<String, Object> settlement(SettlementView v, Object metadata) {
        SettlementRequest r = v.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settlementId", r.settlementId());
        body.put("customerId", r.customerId());
        body.put("type", r.type().wireName());
        body.put("amount", amount(r.amount()));
        body.put("status", v.status().wireName());
        body.put("correlationId", v.correlationId());
        putIfPresent(body, "event", r.event());
        putIfPresent(body, "betType", r.betType());
        putIfPresent(body, "stake", amount(r.stake()));
        putIfPresent(body, "payout", amount(r.payout()));
        putIfPresent(body, "paymentMethod", r.paymentMethod());
        putIfPresent(body, "metadata", metadata);
        putIfPresent(body, "balance", amount(v.balanceAfter()));
        putIfPresent(body, "confirmationNumber", v.confirmationNumber());
        putIfPresent(body, "error", v.error());
        putIfPresent(body, "errorDetails", errorDetails(v.errorDetails()));
        body.put("retryCount", v.retryCount());
        putIfPresent(body, "nextRetryAt", v.nextRetryAt() == null ? null : v.nextRetryAt().toString());
        body.put("createdAt", v.createdAt().toString());
        body.put("updatedAt", v.updatedAt().toString());
        return body;
    }

    static Map<String, Object> notice(NotificationsMessage.Notice n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("noticeId", n.noticeId());
        body.put("recipientId", n.recipientId());
        body.put("audience", n.audience());
        body.put("kind", n.kind());
        body.put("reference", n.reference());
        body.put("channel", n.channel());
        body.put("status", n.status());
        body.put("text", n.text());
        body.put("createdAt", n.createdAt());
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
