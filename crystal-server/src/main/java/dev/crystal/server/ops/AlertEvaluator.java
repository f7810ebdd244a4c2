package dev.crystal.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires and resolves alerts by applying the rules to each snapshot, keeps recently resolved
 * alerts, and logs every transition. Time comes from the snapshots (so from the sampler's injected
 * clock). Thread ownership: the active and resolved alerts belong to the one thread that calls
 * {@link #evaluate}; the returned boards are immutable and safe to share.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    /** How long a resolved alert stays listed. */
    public static final Duration RESOLVED_RETENTION = Duration.ofHours(1);
    /** At most this many resolved alerts are listed. */
    public static final int RESOLVED_LIMIT = 50;

    private final AlertRules rules;
    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final ArrayDeque<Alert> resolved = new ArrayDeque<>();
    private final Map<String, Integer> clearStreaks = new HashMap<>();

    public AlertEvaluator(AlertRules rules) {
        this.rules = rules;
    }

    /**
     * Applies the rules to {@code snapshot}: new conditions fire; an active alert resolves once its
     * condition has been absent for {@link AlertSettings#clearSamples()} evaluations in a row.
     */
    public AlertBoard evaluate(OpsSnapshot snapshot) {
        Instant now = snapshot.at();
        Map<String, AlertRules.Condition> holding = new LinkedHashMap<>();
        for (AlertRules.Condition c : rules.holding(snapshot)) {
            holding.put(c.kind() + "/" + c.subject(), c);
        }
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (holding.containsKey(entry.getKey())) {
                clearStreaks.remove(entry.getKey());
                continue;
            }
            int clear = clearStreaks.merge(entry.getKey(), 1, Integer::sum);
            if (clear >= rules.settings().clearSamples()) {
                clearStreaks.remove(entry.getKey());
                Alert was = entry.getValue();
                Alert done = new Alert(was.kind(), was.subject(), was.severity(), was.message(), was.value(),
                        was.threshold(), was.since(), now);
                it.remove();
                resolved.addFirst(done);
                LOG.info("alert resolved: {} {} after {} s", done.kind(), done.subject(),
                        Duration.between(done.since(), now).toSeconds());
            }
        }
        for (var entry : holding.entrySet()) {
            AlertRules.Condition c = entry.getValue();
            Alert was = active.get(entry.getKey());
            Instant since = was == null ? now : was.since();
            active.put(entry.getKey(), new Alert(c.kind(), c.subject(), c.kind().severity(), c.message(), c.value(),
                    c.threshold(), since, null));
            if (was == null) {
                LOG.warn("alert fired: {} {}: {}", c.kind(), c.subject(), c.message());
            }
        }
        while (!resolved.isEmpty() && (resolved.size() > RESOLVED_LIMIT
                || resolved.peekLast().resolvedAt().isBefore(now.minus(RESOLVED_RETENTION)))) {
            resolved.removeLast();
        }
        return new AlertBoard(new ArrayList<>(active.values()), new ArrayList<>(resolved));
    }
}
