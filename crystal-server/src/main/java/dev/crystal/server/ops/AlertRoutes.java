package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.auth.AccessGuard;
import dev.crystal.server.http.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Silences ({@code GET/POST /alerts/silences}, {@code DELETE /alerts/silences/{id}}) and the reports of the persisted
 * history ({@code GET /reports?window=1h|24h|7d|30d}, YAML, or JSON with {@code Accept: application/json}).
 * Stateless; handlers run on request threads.
 */
public final class AlertRoutes {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");
    private static final Set<String> SILENCE_FIELDS = Set.of("kind", "subject", "duration", "comment");

    private final OpsMonitor monitor;
    private final ObjectMapper json;

    public AlertRoutes(OpsMonitor monitor, ObjectMapper json) {
        this.monitor = monitor;
        this.json = json;
    }

    /** Registers the routes. */
    public void mount(Javalin app) {
        app.get("/alerts/silences", this::list);
        app.post("/alerts/silences", this::create);
        app.delete("/alerts/silences/{id}", this::expire);
        app.get("/reports", this::report);
    }

    private void list(Context ctx) throws JsonProcessingException {
        Instant now = monitor.now();
        List<Map<String, Object>> out = monitor.silences().all().stream().map(s -> view(s, now)).toList();
        ctx.contentType("application/json").result(json.writeValueAsString(Map.of("silences", out)));
    }

    private void create(Context ctx) throws JsonProcessingException {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "the body must be JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest(null, "the body must be a JSON object with kind and/or subject, duration, comment");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SILENCE_FIELDS.contains(name)) {
                throw ApiError.badRequest(name, "unknown field '" + name + "' (known: " + SILENCE_FIELDS.stream()
                        .sorted().toList() + ")");
            }
        }
        AlertKind kind = null;
        if (body.hasNonNull("kind")) {
            String text = body.get("kind").asText().trim().toUpperCase(Locale.ROOT);
            try {
                kind = AlertKind.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("kind", "kind must be one of " + Arrays.toString(AlertKind.values())
                        + ", was '" + body.get("kind").asText() + "'");
            }
        }
        String subject = body.hasNonNull("subject") ? body.get("subject").asText().trim() : null;
        if (subject != null && subject.isEmpty()) {
            subject = null;
        }
        if (kind == null && subject == null) {
            throw ApiError.badRequest("kind", "a silence needs a kind, a subject or both");
        }
        if (!body.hasNonNull("duration")) {
            throw ApiError.badRequest("duration", "duration is required, e.g. 30m, 2h or 1d");
        }
        Duration span = duration(body.get("duration").asText());
        String comment = body.path("comment").asText("");
        Silence s = monitor.silence(kind, subject, span, AccessGuard.principal(ctx).name(), comment);
        ctx.status(201).contentType("application/json").result(json.writeValueAsString(view(s, monitor.now())));
    }

    private void expire(Context ctx) throws JsonProcessingException {
        String id = ctx.pathParam("id");
        Silence s = monitor.expire(id).orElseThrow(() -> new ApiError(404, "NOT_FOUND", "id",
                "no silence " + id + " (GET /alerts/silences lists them)"));
        ctx.contentType("application/json").result(json.writeValueAsString(view(s, monitor.now())));
    }

    private void report(Context ctx) throws JsonProcessingException {
        ReportWindow window;
        try {
            window = ReportWindow.parse(ctx.queryParamAsClass("window", String.class).getOrDefault("24h"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("window", e.getMessage());
        }
        Map<String, Object> doc = monitor.report(window).orElseThrow(() -> new ApiError(503, "NO_HISTORY", null,
                "this platform keeps no sample history"));
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json") || "json".equals(ctx.queryParam("format"))) {
            ctx.contentType("application/json").result(json.writeValueAsString(doc));
        } else {
            ctx.contentType(PerformanceReport.CONTENT_TYPE).result(monitor.renderReport(doc));
        }
    }

    private static Map<String, Object> view(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", s.kind() == null ? null : s.kind().name());
        m.put("subject", s.subject());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("status", s.statusAt(now));
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        return m;
    }

    /** {@code 30s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT2H}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (d.isNegative() || d.isZero()) {
                throw ApiError.badRequest("duration", "duration must be positive, was '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("duration", "duration must look like 30m, 2h, 1d or PT2H, was '" + text + "'");
        }
    }
}
