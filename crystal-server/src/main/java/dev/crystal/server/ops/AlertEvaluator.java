package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires and resolves alerts by applying the rules to each snapshot, with hysteresis: a condition must hold for
 * {@link AlertSettings#fireAfter()} without a break before its alert fires (until then it is pending), and an
 * active alert resolves only once its condition has been clear — below threshold × {@link
 * AlertSettings#resolveRatio()} — for {@link AlertSettings#resolveAfter()} without a break. So one alert cannot go
 * round fire → resolve → fire faster than {@code fireAfter + resolveAfter}. Marks the alerts a silence matches,
 * keeps recently resolved alerts, logs every transition and tells the listeners. Time comes from the snapshots (so
 * from the sampler's injected clock). Thread ownership: all state belongs to the one thread that calls {@link
 * #evaluate}; the returned boards are immutable and safe to share.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    /** How long a resolved alert stays listed. */
    public static final Duration RESOLVED_RETENTION = Duration.ofHours(1);
    /** At most this many resolved alerts are listed. */
    public static final int RESOLVED_LIMIT = 50;

    private final AlertRules rules;
    private final Silences silences;
    private final List<AlertListener> listeners;
    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final ArrayDeque<Alert> resolved = new ArrayDeque<>();
    private final Map<String, Instant> pendingSince = new HashMap<>();
    private final Map<String, Instant> clearSince = new HashMap<>();

    public AlertEvaluator(AlertRules rules) {
        this(rules, new Silences(), List.of());
    }

    /** An evaluator that marks alerts {@code silences} match and tells {@code listeners} every outcome. */
    public AlertEvaluator(AlertRules rules, Silences silences, List<AlertListener> listeners) {
        this.rules = rules;
        this.silences = silences;
        this.listeners = List.copyOf(listeners);
    }

    /** Applies the rules to {@code snapshot}; see the class comment for when alerts fire and resolve. */
    public AlertBoard evaluate(OpsSnapshot snapshot) {
        Instant now = snapshot.at();
        AlertSettings settings = rules.settings();
        Map<String, AlertRules.Condition> holding = new LinkedHashMap<>();
        for (AlertRules.Condition c : rules.holding(snapshot, active::containsKey)) {
            holding.put(c.kind() + "/" + c.subject(), c);
        }
        List<Alert> fired = new ArrayList<>();
        List<Alert> ended = new ArrayList<>();
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (holding.containsKey(entry.getKey())) {
                clearSince.remove(entry.getKey());
                continue;
            }
            Instant clear = clearSince.computeIfAbsent(entry.getKey(), k -> now);
            if (Duration.between(clear, now).compareTo(settings.resolveAfter()) >= 0) {
                clearSince.remove(entry.getKey());
                Alert done = entry.getValue().resolved(now);
                it.remove();
                resolved.addFirst(done);
                ended.add(done);
                LOG.info("alert resolved: {} {} after {} s", done.kind(), done.subject(),
                        Duration.between(done.since(), now).toSeconds());
            }
        }
        pendingSince.keySet().retainAll(holding.keySet());
        for (var entry : holding.entrySet()) {
            AlertRules.Condition c = entry.getValue();
            Alert was = active.get(entry.getKey());
            if (was == null) {
                Instant pending = pendingSince.computeIfAbsent(entry.getKey(), k -> now);
                if (Duration.between(pending, now).compareTo(settings.fireAfter()) < 0) {
                    continue;
                }
                pendingSince.remove(entry.getKey());
                Alert alert = new Alert(c.kind(), c.subject(), c.kind().severity(), c.message(), c.value(),
                        c.threshold(), pending, null);
                active.put(entry.getKey(), alert);
                fired.add(alert);
                LOG.warn("alert fired: {} {}: {}", c.kind(), c.subject(), c.message());
            } else {
                active.put(entry.getKey(), new Alert(c.kind(), c.subject(), c.kind().severity(), c.message(),
                        c.value(), c.threshold(), was.since(), null));
            }
        }
        while (!resolved.isEmpty() && (resolved.size() > RESOLVED_LIMIT
                || resolved.peekLast().resolvedAt().isBefore(now.minus(RESOLVED_RETENTION)))) {
            resolved.removeLast();
        }
        List<Alert> shown = new ArrayList<>(active.size());
        for (Alert a : active.values()) {
            shown.add(silences.matching(a, now).map(s -> a.silencedBy(s.id())).orElse(a));
        }
        AlertBoard board = new AlertBoard(shown, new ArrayList<>(resolved));
        if (!listeners.isEmpty()) {
            List<Alert> firedNow = fired.stream().map(a -> silences.matching(a, now)
                    .map(s -> a.silencedBy(s.id())).orElse(a)).toList();
            for (AlertListener listener : listeners) {
                try {
                    listener.evaluated(now, board, firedNow, ended);
                } catch (RuntimeException e) {
                    LOG.error("alert listener {} failed; alerting goes on", listener, e);
                }
            }
        }
        return board;
    }
}
