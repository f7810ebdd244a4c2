package dev.crystal.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live wire feature flags: an immutable {@link WireFlagSnapshot} swapped atomically on each
 * change, so new messages see the change at once while frames already written keep the codec
 * and compression their header names. Every change is logged and kept in an audit list (the
 * last {@value #AUDIT_LIMIT}). This is the API the admin HTTP endpoint and the CLI call.
 *
 * <p>Thread-safe: any thread may read or change; changes are compare-and-set on one reference.
 */
public final class WireFlags {
    /** How many changes the audit list keeps. */
    public static final int AUDIT_LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(WireFlags.class);
    private static final String UNSET = "unset";

    private record State(WireFlagSnapshot snapshot, List<FlagChange> audit) {
    }

    private final InstantSource clock;
    private final AtomicReference<State> state;

    /** Flags starting from {@code initial}, stamping changes with {@code clock}. */
    public WireFlags(WireFlagSnapshot initial, InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = new AtomicReference<>(new State(Objects.requireNonNull(initial, "initial"), List.of()));
    }

    /** Flags with the wire defaults and the system clock. */
    public static WireFlags defaults() {
        return new WireFlags(WireFlagSnapshot.defaults(), InstantSource.system());
    }

    /** The current snapshot. */
    public WireFlagSnapshot current() {
        return state.get().snapshot();
    }

    /** Resolves settings for one message against the current snapshot. */
    public WireSettings resolve(String source, String target, String correlationId) {
        return current().resolve(source, target, correlationId);
    }

    /** Sets the codec flag at a scope. */
    public FlagChange setCodec(FlagScope scope, CodecFlag flag, String who) {
        return change(FlagKind.CODEC, scope, Objects.requireNonNull(flag, "flag"), who);
    }

    /** Sets the compression flag at a scope. */
    public FlagChange setCompression(FlagScope scope, CompressionFlag flag, String who) {
        return change(FlagKind.COMPRESSION, scope, Objects.requireNonNull(flag, "flag"), who);
    }

    /** Sets the batching flag at a scope. */
    public FlagChange setBatching(FlagScope scope, BatchingFlag flag, String who) {
        return change(FlagKind.BATCHING, scope, Objects.requireNonNull(flag, "flag"), who);
    }

    /** Removes a domain or route value so the scope inherits again. */
    public FlagChange clear(FlagScope scope, FlagKind kind, String who) {
        if (kind == FlagKind.FALLBACK) {
            throw new IllegalArgumentException("use resume() to end a fallback");
        }
        return change(kind, scope, null, who);
    }

    /** Instant fallback: every new message uses its codec fallback, no compression, no batching. */
    public FlagChange fallback(String who) {
        return change(FlagKind.FALLBACK, FlagScope.global(), Boolean.TRUE, who);
    }

    /** Ends a fallback: the configured flags apply again. */
    public FlagChange resume(String who) {
        return change(FlagKind.FALLBACK, FlagScope.global(), Boolean.FALSE, who);
    }

    /**
     * Replaces every flag, e.g. after {@code crystal.yaml} was reloaded; audits one change per
     * value that differs.
     */
    public List<FlagChange> replace(WireFlagSnapshot next, String who) {
        Objects.requireNonNull(next, "next");
        requireWho(who);
        Instant at = clock.instant();
        while (true) {
            State before = state.get();
            WireFlagSnapshot old = before.snapshot();
            WireFlagSnapshot installed = next.withVersion(old.version() + 1);
            List<FlagChange> changes = new ArrayList<>();
            for (FlagKind kind : FlagKind.values()) {
                Set<FlagScope> scopes = new HashSet<>(scopesOf(old, kind));
                scopes.addAll(scopesOf(installed, kind));
                for (FlagScope scope : scopes) {
                    Object was = old.valueAt(kind, scope);
                    Object now = installed.valueAt(kind, scope);
                    if (!Objects.equals(was, now)) {
                        changes.add(new FlagChange(installed.version(), at, who, kind, scope, text(was), text(now)));
                    }
                }
            }
            if (state.compareAndSet(before, new State(installed, appendAudit(before.audit(), changes)))) {
                changes.forEach(WireFlags::log);
                return changes;
            }
        }
    }

    /** Audited changes, oldest first. */
    public List<FlagChange> audit() {
        return state.get().audit();
    }

    private FlagChange change(FlagKind kind, FlagScope scope, Object value, String who) {
        Objects.requireNonNull(scope, "scope");
        requireWho(who);
        Instant at = clock.instant();
        while (true) {
            State before = state.get();
            WireFlagSnapshot next = before.snapshot().with(kind, scope, value);
            FlagChange change = new FlagChange(next.version(), at, who, kind, scope,
                    text(before.snapshot().valueAt(kind, scope)), text(value));
            if (state.compareAndSet(before, new State(next, appendAudit(before.audit(), List.of(change))))) {
                log(change);
                return change;
            }
        }
    }

    private static Set<FlagScope> scopesOf(WireFlagSnapshot snapshot, FlagKind kind) {
        return switch (kind) {
            case CODEC -> snapshot.codec().keySet();
            case COMPRESSION -> snapshot.compression().keySet();
            case BATCHING -> snapshot.batching().keySet();
            case FALLBACK -> Set.of(FlagScope.global());
        };
    }

    private static List<FlagChange> appendAudit(List<FlagChange> audit, List<FlagChange> changes) {
        List<FlagChange> next = new ArrayList<>(audit.size() + changes.size());
        next.addAll(audit);
        next.addAll(changes);
        int excess = next.size() - AUDIT_LIMIT;
        return List.copyOf(excess > 0 ? next.subList(excess, next.size()) : next);
    }

    private static void requireWho(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who must name the person or system making the change");
        }
    }

    private static String text(Object value) {
        return value == null ? UNSET : value.toString();
    }

    private static void log(FlagChange change) {
        LOG.info("wire flag {} at {} changed by {} at {}: {} -> {} (version {})", change.flag(), change.scope(),
                change.who(), change.at(), change.oldValue(), change.newValue(), change.version());
    }
}
