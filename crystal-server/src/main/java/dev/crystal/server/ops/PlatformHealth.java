package dev.crystal.server.ops;

import dev.crystal.jobs.Jobs;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.SqliteDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The platform's readiness, checked when asked: each worker (its state), each database ({@code SELECT 1} on a
 * connection of its own), Redis on a cluster node ({@code PING}), the job engine (lists its queues) and the dead
 * letters ({@code DEGRADED} while open letters wait beyond {@link HealthSettings}). The overall status is the
 * worst component's. Stateless apart from its collaborators; checks run on the asking request's thread.
 */
public final class PlatformHealth {
    private final WorkerRuntime runtime;
    private final Supplier<Map<String, Database>> databases;
    private final String databaseKind;
    private final Supplier<Jobs> jobs;
    private final Supplier<String> redisPing;
    private final InstantSource clock;
    private final HealthSettings settings;
    /** A cluster node's domain leases (domain → held, epoch), or null when the platform runs embedded. */
    private final Supplier<Map<String, Map<String, Object>>> leases;

    /**
     * @param databaseKind {@code sqlite} or {@code postgresql}, shown in the databases' details
     * @param redisPing    checks Redis and says what answered, or {@code null} when the platform runs embedded
     */
    public PlatformHealth(WorkerRuntime runtime, Supplier<Map<String, Database>> databases, String databaseKind,
                          Supplier<Jobs> jobs, Supplier<String> redisPing, InstantSource clock, HealthSettings settings) {
        this(runtime, databases, databaseKind, jobs, redisPing, clock, settings, null);
    }

    /**
     * As above, on a cluster node: {@code leases} says, per domain the node may run, whether it holds the domain's
     * lease ({@code held}) and the fencing epoch of its grant ({@code epoch}); shown as component {@code leases}
     * (always {@code UP}: a standby is healthy).
     */
    public PlatformHealth(WorkerRuntime runtime, Supplier<Map<String, Database>> databases, String databaseKind,
                          Supplier<Jobs> jobs, Supplier<String> redisPing, InstantSource clock, HealthSettings settings,
                          Supplier<Map<String, Map<String, Object>>> leases) {
        this.leases = leases;
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.databaseKind = databaseKind;
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.redisPing = redisPing;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public HealthSettings settings() {
        return settings;
    }

    /** Checks every component now. */
    public HealthComponent ready() {
        Map<String, HealthComponent> parts = new LinkedHashMap<>();
        parts.put("workers", workers());
        parts.put("databases", databases());
        if (redisPing != null) {
            parts.put("redis", redis());
        }
        if (leases != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            List<String> held = new ArrayList<>();
            leases.get().forEach((domain, lease) -> {
                details.put(domain, lease);
                if (Boolean.TRUE.equals(lease.get("held"))) {
                    held.add(domain);
                }
            });
            details.put("held", held);
            parts.put("leases", HealthComponent.of(HealthStatus.UP, details));
        }
        parts.put("jobs", jobs());
        parts.put("deadLetters", deadLetters(runtime.deadLetters().open()));
        return HealthComponent.composite(parts, null);
    }

    private HealthComponent workers() {
        Map<String, HealthComponent> parts = new LinkedHashMap<>();
        for (WorkerHealth w : runtime.health()) {
            HealthStatus status = switch (w.state()) {
                case RUNNING -> w.stuck() ? HealthStatus.DEGRADED : HealthStatus.UP;
                case CREATED, RESTARTING, DRAINING, STOPPED, FAILED -> HealthStatus.DOWN;
            };
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", w.state().name());
            d.put("restarts", w.restarts());
            d.put("stuck", w.stuck());
            d.put("uptimeSeconds", w.uptime().toSeconds());
            d.put("mailboxDepth", w.mailboxDepth());
            d.put("mailboxCapacity", w.mailboxCapacity());
            d.put("processed", w.processed());
            d.put("errors", w.errors());
            d.put("deadLettered", w.deadLettered());
            parts.put(w.name(), HealthComponent.of(status, d));
        }
        return HealthComponent.composite(parts, Map.of("count", parts.size()));
    }

    private HealthComponent databases() {
        Map<String, HealthComponent> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Database> e : databases.get().entrySet()) {
            long start = System.nanoTime();
            try {
                e.getValue().ping();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("check", "SELECT 1");
                details.put("millis", (System.nanoTime() - start) / 1_000_000);
                if (e.getValue() instanceof SqliteDatabase sqlite) {
                    // flat once warm: a growing count means statements are compiled per message again
                    details.put("statementsPrepared", sqlite.statementsPrepared());
                    details.put("savepointsSet", sqlite.savepointsSet());
                    // durable commits (fsyncs) so far: divided by settlements, the commits a settlement costs
                    details.put("commitsWritten", sqlite.commitsWritten());
                }
                parts.put(e.getKey(), HealthComponent.of(HealthStatus.UP, details));
            } catch (RuntimeException failure) {
                parts.put(e.getKey(), HealthComponent.of(HealthStatus.DOWN, Map.of("check", "SELECT 1",
                        "error", String.valueOf(failure.getMessage()))));
            }
        }
        return HealthComponent.composite(parts, Map.of("kind", databaseKind));
    }

    private HealthComponent redis() {
        try {
            return HealthComponent.of(HealthStatus.UP, Map.of("check", "PING", "answer", redisPing.get()));
        } catch (RuntimeException failure) {
            return HealthComponent.of(HealthStatus.DOWN, Map.of("check", "PING", "error",
                    String.valueOf(failure.getMessage())));
        }
    }

    private HealthComponent jobs() {
        try {
            List<String> queues = jobs.get().queueNames();
            return HealthComponent.of(HealthStatus.UP, Map.of("queues", queues.size()));
        } catch (RuntimeException failure) {
            return HealthComponent.of(HealthStatus.DOWN, Map.of("error", String.valueOf(failure.getMessage())));
        }
    }

    /** {@code DEGRADED} once {@link HealthSettings#dlqDegradedCount()} open letters waited beyond the threshold. */
    HealthComponent deadLetters(List<DeadLetter> open) {
        Instant now = clock.instant();
        Duration after = settings.dlqDegradedAfter();
        int waiting = 0;
        Instant oldest = null;
        Map<String, Integer> byReason = new TreeMap<>();
        for (DeadLetter d : open) {
            if (d.resolved()) {
                continue;
            }
            if (Duration.between(d.firstFailedAt(), now).compareTo(after) >= 0) {
                waiting++;
            }
            if (oldest == null || d.firstFailedAt().isBefore(oldest)) {
                oldest = d.firstFailedAt();
            }
            byReason.merge(d.code().name(), 1, Integer::sum);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("open", byReason.values().stream().mapToInt(Integer::intValue).sum());
        details.put("waitingLongerThanThreshold", waiting);
        details.put("threshold", Map.of("after", after.toString(), "count", settings.dlqDegradedCount()));
        if (oldest != null) {
            details.put("oldestOpenSince", oldest.toString());
        }
        details.put("byReason", byReason);
        HealthStatus status = waiting >= settings.dlqDegradedCount() ? HealthStatus.DEGRADED : HealthStatus.UP;
        if (status == HealthStatus.DEGRADED) {
            details.put("action", waiting + " dead letter(s) wait: see crystal dlq list, fix, then crystal dlq replay");
        }
        return HealthComponent.of(status, details);
    }
}
