package dev.crystal.server.trace;

import dev.crystal.store.trace.TraceRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the hops of one or more operations into the tree of what caused what: a hop is the child of the hop that
 * handled its cause (its causation id is that hop's message id); a message from outside the runtime is the child of
 * the HTTP request that sent it (the latest one of the same operation that started before it); a job attempt is
 * the parent of the message it sent. Whatever has no known cause is a root. Children and roots are in start order.
 * Stateless.
 */
public final class TraceTree {
    private TraceTree() {
    }

    /** One node of the tree: a hop and what it caused. */
    public record Step(TraceRecord hop, List<Step> children) {
    }

    /** The roots of the tree of {@code hops}. */
    public static List<Step> build(List<TraceRecord> hops) {
        List<TraceRecord> ordered = new ArrayList<>(hops);
        ordered.sort(Comparator.comparingLong(TraceRecord::startedMicros).thenComparingLong(TraceRecord::enqueuedMicros));
        Map<String, List<TraceRecord>> byMessage = new HashMap<>();
        for (TraceRecord h : ordered) {
            byMessage.computeIfAbsent(h.messageId(), k -> new ArrayList<>()).add(h);
        }
        Map<TraceRecord, List<TraceRecord>> children = new LinkedHashMap<>();
        List<TraceRecord> roots = new ArrayList<>();
        for (TraceRecord h : ordered) {
            TraceRecord parent = parentOf(h, byMessage, ordered);
            if (parent == null || parent == h) {
                roots.add(h);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(h);
            }
        }
        Set<TraceRecord> seen = new HashSet<>();
        List<Step> out = new ArrayList<>();
        for (TraceRecord r : roots) {
            out.add(step(r, children, seen));
        }
        // a cycle (a message redelivered under its own id) leaves hops unreached: show them as roots
        for (TraceRecord h : ordered) {
            if (!seen.contains(h)) {
                out.add(step(h, children, seen));
            }
        }
        return out;
    }

    /**
     * The hop that caused {@code h}. A published event reaches several subscribers under one message id, so among
     * the hops of the cause, the one at the worker that sent {@code h} is its parent.
     */
    private static TraceRecord parentOf(TraceRecord h, Map<String, List<TraceRecord>> byMessage,
                                        List<TraceRecord> ordered) {
        if (h.causationId() != null) {
            List<TraceRecord> causes = byMessage.getOrDefault(h.causationId(), List.of());
            TraceRecord cause = null;
            for (TraceRecord c : causes) {
                if (c != h && c.target().equals(h.source())) {
                    cause = c;
                    break;
                }
            }
            if (cause == null) {
                cause = causes.stream().filter(c -> c != h).findFirst().orElse(null);
            }
            if (cause != null) {
                return cause;
            }
        }
        if ("message".equals(h.kind()) && (h.causationId() == null || "external".equals(h.source()))) {
            TraceRecord request = null;
            for (TraceRecord r : ordered) {
                // the request started before the message's handler did (the envelope's own timestamp is
                // millisecond-grained and may lag, so it is not compared)
                if ("http".equals(r.kind()) && r.correlationId().equals(h.correlationId())
                        && r.startedMicros() <= h.startedMicros()) {
                    request = r;
                }
            }
            return request;
        }
        return null;
    }

    private static Step step(TraceRecord h, Map<TraceRecord, List<TraceRecord>> children, Set<TraceRecord> seen) {
        seen.add(h);
        List<Step> kids = new ArrayList<>();
        for (TraceRecord c : children.getOrDefault(h, List.of())) {
            if (!seen.contains(c)) {
                kids.add(step(c, children, seen));
            }
        }
        return new Step(h, kids);
    }

    /** A step as an ordered JSON/YAML map (milliseconds with three decimals, ISO instants). */
    public static Map<String, Object> toMap(Step step) {
        TraceRecord h = step.hop();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", h.kind());
        m.put("type", h.type());
        m.put("from", h.source());
        m.put("to", h.target());
        m.put("node", h.node());
        m.put("correlationId", h.correlationId());
        m.put("messageId", h.messageId());
        if (h.causationId() != null) {
            m.put("causationId", h.causationId());
        }
        m.put("enqueuedAt", instant(h.enqueuedMicros()));
        m.put("startedAt", instant(h.startedMicros()));
        m.put("finishedAt", instant(h.finishedMicros()));
        m.put("queueWaitMs", millis(h.queueWaitMicros()));
        m.put("handlingMs", millis(h.handlingMicros()));
        m.put("commitWaitMs", millis(h.commitWaitMicros()));
        m.put("outcome", h.outcome());
        if (h.detail() != null) {
            m.put("detail", h.detail());
        }
        if (h.subject() != null) {
            m.put("subject", h.subject());
        }
        if (h.customer() != null) {
            m.put("customer", h.customer());
        }
        List<Map<String, Object>> kids = new ArrayList<>();
        step.children().forEach(c -> kids.add(toMap(c)));
        m.put("children", kids);
        return m;
    }

    /** The distinct nodes of {@code hops}, in first-seen order. */
    public static List<String> nodes(List<TraceRecord> hops) {
        Set<String> nodes = new LinkedHashSet<>();
        hops.forEach(h -> nodes.add(h.node()));
        return List.copyOf(nodes);
    }

    /** Epoch microseconds as an ISO-8601 instant. */
    public static String instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                .toString();
    }

    /** Microseconds as milliseconds with three decimals (never negative). */
    public static BigDecimal millis(long micros) {
        return BigDecimal.valueOf(Math.max(0, micros), 3);
    }
}
