package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.DeadLetterReason;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.auth.AccessGuard;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.FlagChange;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import dev.crystal.wire.WireFlagsYaml;
import dev.crystal.wire.WireSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What operators use: dead letters (list grouped and filtered, show, replay one or a selection, purge), the live
 * message tail (server-sent
 * events) and the wire feature flags (show, replace, fallback, resume, audit). Stateless apart
 * from its collaborators.
 */
final class OperatorRoutes {
    private final Gateway gateway;
    private final WorkerRuntime runtime;
    private final MessageTap tap;
    private final WireFlags flags;
    private final WireFlagsYaml flagsYaml = new WireFlagsYaml();
    /** Writes the flags view only; every YAML input is read by {@link SafeYaml}. */
    private final ObjectMapper yaml = new YAMLMapper();
    private final SafeYaml safeYaml = SafeYaml.withDefaults();
    private final SseFanout tailSubscribers;
    private final InstantSource clock;

    OperatorRoutes(Gateway gateway, WorkerRuntime runtime, MessageTap tap, WireFlags flags, SseFanout tailSubscribers,
                   InstantSource clock) {
        this.tailSubscribers = tailSubscribers;
        this.clock = clock;
        this.gateway = gateway;
        this.runtime = runtime;
        this.tap = tap;
        this.flags = flags;
    }

    void mount(Javalin app) {
        app.get("/dlq", this::listLetters);
        app.post("/dlq/replay", this::replayLetters);
        app.delete("/dlq", this::purgeLetters);
        app.get("/dlq/{id}", ctx -> gateway.send(ctx, 200, deadLetter(find(ctx), true,
                "true".equals(ctx.queryParam("frames")))));
        app.delete("/dlq/{id}", ctx -> {
            DeadLetter letter = find(ctx);
            runtime.deadLetters().discard(letter.id());
            gateway.send(ctx, 200, Map.of("id", letter.id(), "purged", 1));
        });
        app.post("/dlq/{id}/replay", ctx -> {
            DeadLetter letter = find(ctx);
            if (letter.resolved()) {
                throw new ApiError(409, "DEAD_LETTER_RESOLVED", "id", "dead letter " + letter.id()
                        + " is already resolved (" + letter.resolvedBy() + " at " + letter.resolvedAt() + ")");
            }
            Optional<Delivery> delivery = runtime.deadLetters().replay(letter.id());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", letter.id());
            out.put("delivery", delivery.map(Delivery::name).orElse("NOT_FOUND"));
            gateway.send(ctx, delivery.map(Delivery::accepted).orElse(false) ? 200 : 409, out);
        });
        app.get("/messages/tail", ctx -> tailSubscribers.handle(ctx, this::tail));
        app.get("/admin/flags", ctx -> gateway.send(ctx, 200, flagsView()));
        app.get("/admin/flags/audit", ctx -> gateway.send(ctx, 200, Map.of("changes", audit(flags.audit()))));
        app.put("/admin/flags", this::replaceFlags);
        app.post("/admin/flags/fallback", ctx -> gateway.send(ctx, 200,
                Map.of("changes", audit(List.of(flags.fallback(who(ctx)))))));
        app.post("/admin/flags/resume", ctx -> gateway.send(ctx, 200,
                Map.of("changes", audit(List.of(flags.resume(who(ctx)))))));
    }

    private DeadLetter find(Context ctx) {
        String id = ctx.pathParam("id");
        return runtime.deadLetters().find(id).orElseThrow(() -> Gateway.notFound("DEAD_LETTER_NOT_FOUND", "id",
                "no dead letter " + id));
    }

    /** The letters a request's {@code worker}, {@code reason} and {@code status} select. */
    private Predicate<DeadLetter> selection(Context ctx, String defaultStatus) {
        String worker = blankToNull(ctx.queryParam("worker"));
        String reasonText = blankToNull(ctx.queryParam("reason"));
        DeadLetterReason reason;
        try {
            reason = reasonText == null ? null : DeadLetterReason.parse(reasonText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "INVALID_REASON", "reason", e.getMessage());
        }
        String status = Optional.ofNullable(blankToNull(ctx.queryParam("status"))).orElse(defaultStatus)
                .toLowerCase(Locale.ROOT);
        Predicate<DeadLetter> byStatus = switch (status) {
            case "open" -> d -> !d.resolved();
            case "resolved" -> DeadLetter::resolved;
            case "all" -> d -> true;
            default -> throw new ApiError(400, "INVALID_STATUS", "status",
                    "status must be open, resolved or all, was '" + status + "'");
        };
        return byStatus.and(d -> worker == null || d.worker().equals(worker))
                .and(d -> reason == null || d.code() == reason);
    }

    private void listLetters(Context ctx) {
        Predicate<DeadLetter> selected = selection(ctx, "open");
        List<DeadLetter> all = runtime.deadLetters().all();
        List<DeadLetter> letters = all.stream().filter(selected).toList();
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        for (DeadLetter d : letters) {
            Map<String, Object> g = groups.computeIfAbsent(d.code().name() + "\u0000" + d.worker(), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("reason", d.code().name());
                m.put("worker", d.worker());
                m.put("count", 0);
                m.put("attempts", 0);
                m.put("oldestFailedAt", d.firstFailedAt().toString());
                return m;
            });
            g.put("count", (Integer) g.get("count") + 1);
            g.put("attempts", (Integer) g.get("attempts") + d.attempts());
            if (d.firstFailedAt().toString().compareTo((String) g.get("oldestFailedAt")) < 0) {
                g.put("oldestFailedAt", d.firstFailedAt().toString());
            }
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("open", all.stream().filter(d -> !d.resolved()).count());
        totals.put("resolved", all.stream().filter(DeadLetter::resolved).count());
        totals.put("selected", letters.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totals", totals);
        out.put("groups", List.copyOf(groups.values()));
        out.put("deadLetters", letters.stream().map(d -> deadLetter(d, false)).toList());
        gateway.send(ctx, 200, out);
    }

    private void replayLetters(Context ctx) {
        Predicate<DeadLetter> selected = selection(ctx, "open").and(d -> !d.resolved());
        List<String> accepted = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (DeadLetter d : runtime.deadLetters().open()) {
            if (!selected.test(d)) {
                continue;
            }
            Optional<Delivery> delivery = runtime.deadLetters().replay(d.id());
            if (delivery.map(Delivery::accepted).orElse(false)) {
                accepted.add(d.id());
            } else {
                refused.add(Map.of("id", d.id(), "delivery", delivery.map(Delivery::name).orElse("NOT_FOUND")));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("replayed", accepted.size());
        out.put("ids", accepted);
        out.put("refused", refused);
        gateway.send(ctx, 200, out);
    }

    private void purgeLetters(Context ctx) {
        if (ctx.queryParam("status") == null && ctx.queryParam("reason") == null && ctx.queryParam("worker") == null) {
            throw new ApiError(400, "SELECTION_REQUIRED", "status",
                    "say what to purge: ?status=resolved, ?status=all, or a reason/worker (open letters)");
        }
        Predicate<DeadLetter> selected = selection(ctx, "open");
        int purged = runtime.deadLetters().discardMatching(selected);
        gateway.send(ctx, 200, Map.of("purged", purged));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private Map<String, Object> deadLetter(DeadLetter d, boolean withDetail) {
        return deadLetter(d, withDetail, false);
    }

    private Map<String, Object> deadLetter(DeadLetter d, boolean withDetail, boolean withFrames) {
        var e = d.envelope();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("worker", d.worker());
        out.put("type", e.type());
        out.put("reason", d.code().name());
        out.put("message", FailureText.of(d.reason()));
        out.put("attempts", d.attempts());
        out.put("status", d.status());
        out.put("firstFailedAt", d.firstFailedAt().toString());
        out.put("lastFailedAt", d.at().toString());
        out.put("ageSeconds", Math.max(0, Duration.between(d.firstFailedAt(), clock.instant()).toSeconds()));
        if (d.resolved()) {
            out.put("resolvedAt", d.resolvedAt().toString());
            out.put("resolvedBy", d.resolvedBy());
        }
        out.put("messageId", e.messageId());
        out.put("correlationId", e.correlationId());
        if (withDetail) {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("messageId", e.messageId());
            envelope.put("type", e.type());
            envelope.put("correlationId", e.correlationId());
            envelope.put("causationId", e.causationId());
            envelope.put("source", e.source());
            envelope.put("target", e.target());
            envelope.put("timestamp", e.timestamp().toString());
            envelope.put("payload", e.payload());
            // a short text by default; the error's class, message and top frames only when asked (?frames=true)
            out.put("error", FailureText.of(d.stackTrace() == null || d.stackTrace().isBlank()
                    ? d.reason() : d.stackTrace()));
            if (withFrames) {
                out.put("errorDetail", d.stackTrace() == null || d.stackTrace().isBlank() ? d.reason() : d.stackTrace());
            }
            out.put("envelope", envelope);
        }
        return out;
    }

    /** Runs on the request thread; the tap worker only ever offers to the subscriber's bounded buffer. */
    private void tail(SseFanout.Subscriber subscriber) {
        Context ctx = subscriber.ctx();
        String domain = ctx.queryParam("domain");
        String type = ctx.queryParam("type");
        boolean raw = "true".equals(ctx.queryParam("raw"));
        CodecId codec = null;
        String codecParam = ctx.queryParam("codec");
        if (codecParam != null) {
            try {
                codec = CodecId.valueOf(codecParam.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                subscriber.offer("error", "{\"error\":\"INVALID_FIELD\",\"field\":\"codec\",\"message\":"
                        + "\"codec must be binary, json or yaml\"}");
                subscriber.close();
                return;
            }
        }
        CodecId forced = codec;
        // Raw frames are written as the platform writes them: the flags in force for the message's route
        // (or the codec asked for), base64 in the event's data.
        Function<Envelope<?>, WireSettings> settings = !raw
                ? null
                : e -> {
                    var resolved = flags.resolve(e.source(), e.target(), e.correlationId());
                    return forced == null ? resolved : resolved.withCodec(forced);
                };
        MessageTap.Watcher watcher = new MessageTap.Watcher(domain, type, document -> {
            try {
                subscriber.offer(raw ? "frame" : "message", gateway.json().writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a YAML document is always a JSON string", e);
            }
        }, settings);
        subscriber.onClose(() -> tap.unwatch(watcher));
        tap.watch(watcher);
        subscriber.offer("ready", "{\"watching\":" + tap.watching() + "}");
    }

    private Map<String, Object> flagsView() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        WireFlagSnapshot current = flags.current();
        out.put("version", current.version());
        out.put("fallback", current.fallbackActive());
        out.put("flags", yaml.readTree(flagsYaml.render(current)));
        out.put("changes", flags.audit().size());
        return out;
    }

    private void replaceFlags(Context ctx) {
        String contentType = ctx.req().getContentType();
        if (contentType == null || !EdgeGuards.isYaml(contentType)) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "PUT /admin/flags takes YAML "
                    + "(Content-Type: application/yaml, application/x-yaml or text/yaml) or application/json");
        }
        String body = new String(BoundedBody.read(ctx, gateway.limits().maxBodyBytes(), gateway.limits().bodyTimeout()),
                StandardCharsets.UTF_8);
        WireFlagSnapshot next;
        try {
            JsonNode tree = safeYaml.read(body);
            if (tree != null && tree.has("wire")) {
                tree = tree.get("wire");
            }
            next = flagsYaml.read(tree != null && tree.has("flags") ? tree.get("flags") : tree);
        } catch (WireException e) {
            throw new ApiError(400, "MALFORMED_YAML", null, "flags must be YAML or JSON: "
                    + Numbers.brief(e.detail(), 300));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("flags", Numbers.brief(e.getMessage(), 500));
        }
        List<FlagChange> changes = flags.replace(next, who(ctx));
        gateway.send(ctx, 200, Map.of("changes", audit(changes)));
    }

    /** Who makes the change: the key's identity; a {@code ?by=} or {@code X-Changed-By} that names someone else is refused. */
    private static String who(Context ctx) {
        String claimed = ctx.queryParam("by");
        if (claimed == null || claimed.isBlank()) {
            claimed = ctx.header("X-Changed-By");
        }
        return AccessGuard.identity(ctx, "by", claimed == null || claimed.isBlank() ? null : claimed);
    }

    private static List<Map<String, Object>> audit(List<FlagChange> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", c.version());
            m.put("at", c.at().toString());
            m.put("who", c.who());
            m.put("flag", String.valueOf(c.flag()));
            m.put("scope", String.valueOf(c.scope()));
            m.put("old", String.valueOf(c.oldValue()));
            m.put("new", String.valueOf(c.newValue()));
            return m;
        }).toList();
    }
}
