package dev.crystal.wire;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live wire feature flags of one process, kept in a {@link WireFlagStore} that every process of a
 * deployment shares. Senders call {@link #resolve} for every frame: it reads a precompiled snapshot
 * ({@link CompiledFlags}) through one volatile field, swapped whenever the flags change, so frames
 * already written keep the codec and compression their header names and the next frame sees the change.
 *
 * <p>A change ({@link #setCodec}, {@link #replace}, {@link #fallback}, ...) is applied to the store's latest
 * version and committed with compare-and-set together with its audit entries, whose old and new values are in
 * the flags' YAML form ({@link WireFlagsYaml#renderValue}); a change made concurrently elsewhere is never lost.
 * Other processes pick it up with {@link #refresh()}, which their poller calls every few hundred milliseconds.
 *
 * <p>Thread-safe: any thread may resolve, change or refresh; the compiled snapshot is a volatile reference and
 * the store is the one place changes are serialised.
 */
public final class WireFlags implements WireSettingsResolver {
    /** How many changes the in-memory store of {@link #WireFlags(WireFlagSnapshot, InstantSource)} lists. */
    public static final int AUDIT_LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(WireFlags.class);

    private final InstantSource clock;
    private final WireFlagStore store;
    private final WireFlagsYaml yaml = new WireFlagsYaml();
    private final AtomicReference<CompiledFlags> compiled = new AtomicReference<>();

    /** Flags starting from {@code initial}, kept in this process's memory only, stamping changes with {@code clock}. */
    public WireFlags(WireFlagSnapshot initial, InstantSource clock) {
        this(new InMemoryWireFlagStore(initial.version(), new WireFlagsYaml().render(initial)), initial, "initial", clock);
    }

    /**
     * Flags kept in {@code store}. When the store holds nothing yet, {@code seed} (e.g. the {@code wire: flags:}
     * section of crystal.yaml) is stored as its first version, audited as changed by {@code seedWho}; otherwise
     * the stored flags apply and {@code seed} is ignored (the store is the source of truth once it has flags).
     */
    public WireFlags(WireFlagStore store, WireFlagSnapshot seed, String seedWho, InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(seed, "seed");
        requireWho(seedWho);
        if (store.load().isEmpty()) {
            List<FlagChange> changes = diff(WireFlagSnapshot.defaults(), seed.withVersion(1), seedWho, clock.instant());
            if (store.compareAndSet(0, yaml.render(seed), changes)) {
                changes.forEach(WireFlags::log);
            }
        }
        this.compiled.set(new CompiledFlags(loadLatest()));
    }

    /** Flags with the wire defaults and the system clock, in memory. */
    public static WireFlags defaults() {
        return new WireFlags(WireFlagSnapshot.defaults(), InstantSource.system());
    }

    /** The current snapshot (its version is the store's). */
    public WireFlagSnapshot current() {
        return compiled.get().snapshot();
    }

    /** Resolves settings for one frame against the current snapshot; cheap, for every frame. */
    @Override
    public WireSettings resolve(String source, String target, String correlationId) {
        return compiled.get().resolve(source, target, correlationId);
    }

    /**
     * Picks up a change another process stored: compares versions (one cheap read) and, when they differ, loads
     * and installs the stored flags.
     *
     * @return whether the flags in force changed
     */
    public boolean refresh() {
        long stored = store.version();
        if (stored == compiled.get().snapshot().version()) {
            return false;
        }
        return installIfNewer(loadLatest());
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

    /** Instant fallback: every new frame uses its codec fallback, no compression, no batching. */
    public FlagChange fallback(String who) {
        return change(FlagKind.FALLBACK, FlagScope.global(), Boolean.TRUE, who);
    }

    /** Ends a fallback: the configured flags apply again. */
    public FlagChange resume(String who) {
        return change(FlagKind.FALLBACK, FlagScope.global(), Boolean.FALSE, who);
    }

    /**
     * Replaces every flag (e.g. {@code crystal flags set FILE}); audits one change per value that differs. A
     * fallback in force stays in force unless {@code next} says {@code fallback: true}; end it with {@link #resume}.
     */
    public List<FlagChange> replace(WireFlagSnapshot next, String who) {
        Objects.requireNonNull(next, "next");
        return commit(who, base -> new WireFlagSnapshot(base.version(), next.fallbackActive() || base.fallbackActive(),
                next.codec(), next.compression(), next.batching()));
    }

    /** Every audited change, oldest first. */
    public List<FlagChange> audit() {
        return store.audit();
    }

    private FlagChange change(FlagKind kind, FlagScope scope, Object value, String who) {
        Objects.requireNonNull(scope, "scope");
        if (value == null && scope == FlagScope.global()) {
            throw new IllegalArgumentException("the global value of " + kind + " cannot be removed");
        }
        List<FlagChange> changes = commit(who, base -> base.with(kind, scope, value));
        if (changes.isEmpty()) {
            // the value was already in force: still audit who asked, as a change from the value to itself
            WireFlagSnapshot now = current();
            String text = WireFlagsYaml.renderValue(now.valueAt(kind, scope));
            return new FlagChange(now.version(), clock.instant(), who, kind, scope, text, text);
        }
        return changes.getFirst();
    }

    /** Applies {@code edit} to the latest stored flags and commits the result with its audit, retrying on a race. */
    private List<FlagChange> commit(String who, UnaryOperator<WireFlagSnapshot> edit) {
        requireWho(who);
        while (true) {
            WireFlagSnapshot base = latestForChange();
            WireFlagSnapshot next = edit.apply(base).withVersion(base.version() + 1);
            List<FlagChange> changes = diff(base, next, who, clock.instant());
            if (changes.isEmpty()) {
                return changes;
            }
            if (store.compareAndSet(base.version(), yaml.render(next), changes)) {
                installIfNewer(next);
                changes.forEach(WireFlags::log);
                return changes;
            }
        }
    }

    private WireFlagSnapshot latestForChange() {
        WireFlagSnapshot local = compiled.get().snapshot();
        return store.version() == local.version() ? local : loadLatest();
    }

    private WireFlagSnapshot loadLatest() {
        Optional<WireFlagStore.Stored> stored = store.load();
        if (stored.isEmpty()) {
            return WireFlagSnapshot.defaults();
        }
        return yaml.read(stored.get().flagsYaml()).withVersion(stored.get().version());
    }

    /** Installs {@code snapshot} unless a newer one is already in force (a concurrent refresh or change). */
    private boolean installIfNewer(WireFlagSnapshot snapshot) {
        CompiledFlags next = new CompiledFlags(snapshot);
        CompiledFlags before = compiled.getAndUpdate(now -> now.snapshot().version() < snapshot.version() ? next : now);
        return before.snapshot().version() < snapshot.version();
    }

    private static List<FlagChange> diff(WireFlagSnapshot old, WireFlagSnapshot next, String who, Instant at) {
        List<FlagChange> changes = new ArrayList<>();
        for (FlagKind kind : FlagKind.values()) {
            Set<FlagScope> scopes = new HashSet<>(scopesOf(old, kind));
            scopes.addAll(scopesOf(next, kind));
            List<FlagScope> ordered = new ArrayList<>(scopes);
            ordered.sort((a, b) -> a.toString().compareTo(b.toString()));
            for (FlagScope scope : ordered) {
                Object was = old.valueAt(kind, scope);
                Object now = next.valueAt(kind, scope);
                if (!Objects.equals(was, now)) {
                    changes.add(new FlagChange(next.version(), at, who, kind, scope, WireFlagsYaml.renderValue(was),
                            WireFlagsYaml.renderValue(now)));
                }
            }
        }
        return changes;
    }

    private static Set<FlagScope> scopesOf(WireFlagSnapshot snapshot, FlagKind kind) {
        return switch (kind) {
            case CODEC -> snapshot.codec().keySet();
            case COMPRESSION -> snapshot.compression().keySet();
            case BATCHING -> snapshot.batching().keySet();
            case FALLBACK -> Set.of(FlagScope.global());
        };
    }

    private static void requireWho(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who must name the person or system making the change");
        }
    }

    private static void log(FlagChange change) {
        LOG.info("wire flag {} at {} changed by {} at {}: {} -> {} (version {})", change.flag(), change.scope(),
                change.who(), change.at(), change.oldValue(), change.newValue(), change.version());
    }
}
