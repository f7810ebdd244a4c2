package dev.crystal.server.http;

import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.MessageNames;
import dev.crystal.server.trace.TraceTree;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementView;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trace log over HTTP: {@code GET /traces/{id}} (the tree of one operation, found by correlation, settlement,
 * bonus, adjustment, job, message or customer id), {@code GET /traces?search=} (the operations an id names) and
 * {@code GET /traces/slowest} (the slowest settlements of the last minute). Stateless; reads on request threads.
 */
final class TraceRoutes {
    /** The HTTP hop type of a settlement request (the slowest list ranks these). */
    static final String SETTLEMENT_ROUTE = "POST /collections/process-settlement";
    private static final int MAX_OPERATIONS = 10;
    private static final String PROCESS = MessageNames.of(CollectionsCommand.ProcessSettlement.class);
    private static final String RETRY = MessageNames.of(CollectionsCommand.RetrySettlement.class);
    /** The correlation of this class's own lookups (final states), left out of every answer. */
    static final String LOOKUP_CORRELATION = "crystal-trace-lookup";

    private final Gateway gateway;
    private final TraceLog traces;

    TraceRoutes(Gateway gateway, TraceLog traces) {
        this.gateway = gateway;
        this.traces = traces;
    }

    void mount(Javalin app) {
        app.get("/traces/slowest", this::slowest);
        app.get("/traces/{id}", this::trace);
        app.get("/traces", this::search);
    }

    private void trace(Context ctx) {
        String id = Gateway.pathId(ctx, "id");
        List<String> correlations = correlations(id);
        if (correlations.isEmpty()) {
            throw Gateway.notFound("TRACE_NOT_FOUND", "id", "no trace mentions " + id + " (tracing is "
                    + traces.settings().modeText() + "; traces are kept " + traces.settings().maxAge() + ")");
        }
        List<String> shown = correlations.subList(0, Math.min(MAX_OPERATIONS, correlations.size()));
        List<TraceRecord> hops = new ArrayList<>();
        shown.forEach(c -> hops.addAll(traces.byCorrelation(c)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", id);
        out.put("correlationId", shown.get(0));
        out.put("related", shown.subList(1, shown.size()));
        out.put("summary", summary(hops));
        out.put("finalState", finalState(hops));
        List<Map<String, Object>> steps = new ArrayList<>();
        TraceTree.build(hops).forEach(s -> steps.add(TraceTree.toMap(s)));
        out.put("steps", steps);
        out.put("deadLetters", deadLetters(Set.copyOf(shown)));
        gateway.send(ctx, 200, out);
    }

    private void search(Context ctx) {
        String text = ctx.queryParam("search");
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("search", "search must name a settlement, customer, correlation, bonus, "
                    + "adjustment or job id");
        }
        String id = text.trim();
        if (!id.matches("[A-Za-z0-9_.:\\-#/]{1,128}")) {
            throw ApiError.badRequest("search", "search must be 1-128 characters of letters, digits, '_', '-', '.', ':'");
        }
        List<Map<String, Object>> matches = new ArrayList<>();
        for (String c : correlations(id).stream().limit(50).toList()) {
            List<TraceRecord> hops = traces.byCorrelation(c);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("correlationId", c);
            m.putAll(summary(hops));
            matches.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("search", id);
        out.put("matches", matches);
        gateway.send(ctx, 200, out);
    }

    private void slowest(Context ctx) {
        int seconds = intParam(ctx, "seconds", 60, 1, 3600);
        int limit = intParam(ctx, "limit", 10, 1, 100);
        long since = HttpApi.micros(Instant.now().minus(Duration.ofSeconds(seconds)));
        String worker = ctx.queryParam("worker");
        if (worker != null && !worker.isBlank()) {
            slowestAt(ctx, worker.trim(), seconds, since, limit);
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TraceRecord h : traces.slowest("http", SETTLEMENT_ROUTE, since, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("settlementId", h.subject());
            m.put("customerId", h.customer());
            m.put("correlationId", h.correlationId());
            m.put("status", h.outcome());
            m.put("startedAt", TraceTree.instant(h.startedMicros()));
            m.put("durationMs", TraceTree.millis(h.finishedMicros() - h.startedMicros()));
            m.put("trace", "/traces/" + h.correlationId());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSeconds", seconds);
        out.put("settlements", rows);
        gateway.send(ctx, 200, out);
    }

    /**
     * The operations {@code id} names, earliest first. Lookups (operations started by a {@code GET}) are left out
     * when anything else matches, so a settlement's trace is not buried under the requests that read it.
     */
    /** The slowest messages a worker handled in the window: example traces for an alert on that worker. */
    private void slowestAt(Context ctx, String worker, int seconds, long since, int limit) {
        if (!worker.matches("[A-Za-z0-9_.:\\-#]{1,128}")) {
            throw ApiError.badRequest("worker", "worker must be a worker name such as collections");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TraceRecord h : traces.slowestAt(worker, since, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", h.type());
            m.put("subject", h.subject());
            m.put("correlationId", h.correlationId());
            m.put("startedAt", TraceTree.instant(h.startedMicros()));
            m.put("handlingMs", TraceTree.millis(h.handlingMicros()));
            m.put("queueWaitMs", TraceTree.millis(h.queueWaitMicros()));
            m.put("trace", "/traces/" + h.correlationId());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSeconds", seconds);
        out.put("worker", worker);
        out.put("messages", rows);
        gateway.send(ctx, 200, out);
    }

    private List<String> correlations(String id) {
        List<String> found = new ArrayList<>(traces.correlationsFor(id));
        found.remove(LOOKUP_CORRELATION);
        List<String> changes = found.stream().filter(c -> !isLookup(traces.byCorrelation(c))).toList();
        if (!changes.isEmpty()) {
            found = new ArrayList<>(changes);
        }
        if (found.isEmpty()) {
            settlement(id).map(SettlementView::correlationId).filter(c -> !traces.byCorrelation(c).isEmpty())
                    .ifPresent(found::add);
        }
        return found;
    }

    private static boolean isLookup(List<TraceRecord> hops) {
        return hops.stream().anyMatch(h -> "http".equals(h.kind()) && h.type().startsWith("GET "));
    }

    private Optional<SettlementView> settlement(String id) {
        try {
            SettlementLookup lookup = gateway.ask(Addresses.COLLECTIONS, new CollectionsCommand.GetSettlement(id),
                    LOOKUP_CORRELATION, Gateway.QUERY_TIMEOUT);
            return lookup instanceof SettlementLookup.Found found ? Optional.of(found.settlement())
                    : Optional.empty();
        } catch (ApiError unavailable) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> summary(List<TraceRecord> hops) {
        Map<String, Object> m = new LinkedHashMap<>();
        long start = hops.stream().mapToLong(TraceRecord::enqueuedMicros).min().orElse(0);
        long end = hops.stream().mapToLong(h -> h.finishedMicros() + h.commitWaitMicros()).max().orElse(0);
        m.put("hops", hops.size());
        m.put("nodes", TraceTree.nodes(hops));
        m.put("startedAt", hops.isEmpty() ? null : TraceTree.instant(start));
        m.put("finishedAt", hops.isEmpty() ? null : TraceTree.instant(end));
        m.put("durationMs", TraceTree.millis(end - start));
        Set<String> subjects = new LinkedHashSet<>();
        Set<String> customers = new LinkedHashSet<>();
        hops.forEach(h -> {
            if (h.subject() != null) {
                subjects.add(h.subject());
            }
            if (h.customer() != null) {
                customers.add(h.customer());
            }
        });
        m.put("subjects", List.copyOf(subjects));
        m.put("customers", List.copyOf(customers));
        return m;
    }

    /** The state now of every settlement the operation handled (as collections records it). */
    private Map<String, Object> finalState(List<TraceRecord> hops) {
        Set<String> settlements = new LinkedHashSet<>();
        hops.stream().filter(h -> h.subject() != null && "message".equals(h.kind())
                        && (h.type().equals(PROCESS) || h.type().equals(RETRY)))
                .sorted(Comparator.comparingLong(TraceRecord::startedMicros))
                .forEach(h -> settlements.add(h.subject()));
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : settlements) {
            settlement(id).ifPresent(v -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("settlementId", id);
                s.put("status", v.status().wireName());
                s.put("retryCount", v.retryCount());
                if (v.error() != null) {
                    s.put("error", v.error());
                }
                if (v.balanceAfter() != null) {
                    s.put("balance", Responses.amount(v.balanceAfter()));
                }
                s.put("updatedAt", v.updatedAt().toString());
                list.add(s);
            });
        }
        out.put("settlements", list);
        TraceRecord last = hops.stream().max(Comparator.comparingLong(TraceRecord::finishedMicros)).orElse(null);
        if (last != null) {
            out.put("lastStep", last.type() + " at " + last.target() + ": " + last.outcome());
        }
        return out;
    }

    private List<Map<String, Object>> deadLetters(Set<String> correlations) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeadLetter d : gateway.runtime().deadLetters().open()) {
            if (correlations.contains(d.envelope().correlationId())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("type", d.envelope().type());
                m.put("messageId", d.envelope().messageId());
                m.put("target", d.envelope().target());
                m.put("reason", d.reason());
                m.put("at", d.at().toString());
                out.add(m);
            }
        }
        return out;
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.badRequest(name, name + " must be a whole number from " + min + " to " + max + ", was '" + text + "'");
    }
}
