package dev.crystal.server;

import dev.crystal.cluster.ClusterNode;
import dev.crystal.jobs.Jobs;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.ShutdownReport;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.server.cluster.ClusterBackends;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.server.cluster.ClusterWire;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.server.http.MessageTap;
import dev.crystal.settlement.assembly.ContractsPayloadCodec;
import dev.crystal.settlement.assembly.DomainDatabases;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.store.Database;
import dev.crystal.store.Durability;
import dev.crystal.store.deadletter.JdbcDeadLetterLog;
import dev.crystal.store.keys.JdbcApiKeyStore;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The settlement platform: embedded (one worker runtime running every domain, state in SQLite files under a
 * data directory) or as one node of a cluster (see {@link #startNode}). Thread ownership: started and closed by one controlling thread.
 */
public final class Platform implements AutoCloseable {
    private final WorkerRuntime runtime;
    private final SettlementAssembly domains;
    private final Path dataDir;
    private final MessageTap tap;

    private final ClusterNode cluster;
    private final ClusterBackends backends;
    /** Where the runtime keeps its dead letters (so they survive a restart). */
    private final Database deadLetterDb;
    /** Where the API keys are kept (hashed): {@code keys.db}, or the shared {@code <prefix>keys} schema. */
    private final Database keysDb;
    private final JdbcApiKeyStore keyStore;
    private final ReadCaches caches;
    /** The trace log and its database. */
    private final Traces traces;

    private Platform(WorkerRuntime runtime, SettlementAssembly domains, Path dataDir, MessageTap tap,
                     ClusterNode cluster, ClusterBackends backends, Database deadLetterDb, Traces traces,
                     Database keysDb, ReadCaches caches) {
        this.caches = caches;
        this.deadLetterDb = deadLetterDb;
        this.traces = traces;
        this.keysDb = keysDb;
        this.keyStore = new JdbcApiKeyStore(keysDb);
        this.runtime = runtime;
        this.domains = domains;
        this.dataDir = dataDir;
        this.tap = tap;
        this.cluster = cluster;
        this.backends = backends;
    }

    /** The live view of the platform's events (for {@code crystal tail}). */
    public MessageTap tap() {
        return tap;
    }

    /** Opens the data directory, registers the domains and starts their workers (no read cache). */
    public static Platform start(Path dataDir, MeterRegistry registry, InstantSource clock, Duration shutdownTimeout,
                                 DomainSettings settings) {
        return start(dataDir, registry, clock, shutdownTimeout, settings, CacheSettings.defaults().withEnabled(false));
    }

    /**
     * Opens the data directory, registers the domains and starts their workers, with balances, affiliates and
     * bonuses read through an in-process cache (unless {@code cache} turns it off), warmed in the background.
     */
    public static Platform start(Path dataDir, MeterRegistry registry, InstantSource clock, Duration shutdownTimeout,
                                 DomainSettings settings, CacheSettings cache) {
        Database deadLetterDb = openDeadLetters(DomainDatabases.sqlite(dataDir));
        Traces traces;
        Database keysDb;
        try {
            traces = Traces.open(DomainDatabases.sqlite(dataDir), "embedded", settings, clock, registry);
        } catch (RuntimeException e) {
            deadLetterDb.close();
            throw e;
        }
        try {
            keysDb = openKeys(DomainDatabases.sqlite(dataDir));
        } catch (RuntimeException e) {
            traces.close();
            deadLetterDb.close();
            throw e;
        }
        WorkerRuntime runtime = createRuntime("platform", registry, clock, shutdownTimeout, deadLetterDb, traces);
        ReadCaches caches = ReadCaches.caffeine(cache, registry);
        SettlementAssembly domains;
        try {
            domains = SettlementAssembly.install(runtime, dataDir, settings, caches);
        } catch (RuntimeException e) {
            traces.close();
            deadLetterDb.close();
            keysDb.close();
            throw e;
        }
        MessageTap tap = registerTap(runtime);
        runtime.start();
        domains.startBackgroundJobs(traces.tracing());
        caches.warm(runtime);
        return new Platform(runtime, domains, dataDir, tap, null, null, deadLetterDb, traces, keysDb, caches);
    }

    /**
     * Starts this node of a cluster: the domains {@code node} runs keep their state in PostgreSQL, every domain is
     * reached through the shared transport, jobs live in the shared job store. Takes ownership of {@code backends}
     * (closed with the platform, or at once if starting fails).
     */
    public static Platform startNode(ClusterSettings node, ClusterBackends backends, MeterRegistry registry,
                                     InstantSource clock, Duration shutdownTimeout, DomainSettings settings) {
        return startNode(node, backends, registry, clock, shutdownTimeout, settings,
                CacheSettings.defaults().withEnabled(false));
    }

    /**
     * As {@link #startNode(ClusterSettings, ClusterBackends, MeterRegistry, InstantSource, Duration, DomainSettings)},
     * with balances, affiliates and bonuses read through the cache the backends share (Redis), unless {@code cache}
     * turns it off.
     */
    public static Platform startNode(ClusterSettings node, ClusterBackends backends, MeterRegistry registry,
                                     InstantSource clock, Duration shutdownTimeout, DomainSettings settings,
                                     CacheSettings cache) {
        DomainDatabases databases = DomainDatabases.postgres(node.postgres(), node.schemaPrefix());
        Database deadLetterDb;
        Traces traces;
        Database keysDb;
        try {
            deadLetterDb = openDeadLetters(databases);
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        try {
            traces = Traces.open(databases, node.node(), settings, clock, registry);
        } catch (RuntimeException e) {
            deadLetterDb.close();
            backends.close();
            throw e;
        }
        try {
            keysDb = openKeys(databases);
        } catch (RuntimeException e) {
            traces.close();
            deadLetterDb.close();
            backends.close();
            throw e;
        }
        traces.log().workerNames(worker -> ClusterNode.traceName(worker, PlatformWireTypes.DOMAIN_ADDRESSES));
        WorkerRuntime runtime = createRuntime(node.node(), registry, clock, shutdownTimeout, deadLetterDb, traces);
        ClusterNode cluster = null;
        ReadCaches caches = null;
        try {
            caches = backends.openReadCaches(cache, registry);
            cluster = new ClusterNode(runtime, backends.transport(), backends::lease, node.node(),
                    PlatformWireTypes.DOMAIN_ADDRESSES, node.reclaimAfter(), node.leaseCheckEvery(),
                    ClusterWire.check(), ClusterWire.batching(backends.wireFlags()));
            SettlementAssembly domains = SettlementAssembly.install(runtime, cluster,
                    databases, backends::openJobStore, settings,
                    node.domains(), caches);
            MessageTap tap = registerTap(runtime);
            runtime.start();
            cluster.start();
            domains.startBackgroundJobs(traces.tracing());
            caches.warm(runtime);
            return new Platform(runtime, domains, null, tap, cluster, backends, deadLetterDb, traces, keysDb, caches);
        } catch (RuntimeException e) {
            // Release what was opened, keeping the cause of the failure as the error the operator sees.
            try {
                runtime.shutdownNow();
                if (cluster != null) {
                    cluster.close();
                }
                if (caches != null) {
                    caches.close();
                }
                backends.close();
                traces.close();
                deadLetterDb.close();
                keysDb.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A runtime whose dead letters are kept in {@code deadLetterDb} and whose hops go to the trace log (if on). */
    private static WorkerRuntime createRuntime(String name, MeterRegistry registry, InstantSource clock,
                                               Duration shutdownTimeout, Database deadLetterDb, Traces traces) {
        return WorkerRuntime.create(RuntimeConfig.defaults(name)
                .withMeterRegistry(registry).withClock(clock).withShutdownTimeout(shutdownTimeout)
                .withDeadLetterLog(new JdbcDeadLetterLog(deadLetterDb, new ContractsPayloadCodec()))
                .withHopTracer(traces.tracing()));
    }

    /**
     * The trace log: {@code traces.db} in the data directory, or the {@code <prefix>traces} schema every cluster
     * node shares (so any node shows a trace that crossed several). With tracing off nothing is written, but the
     * log is still readable (what an earlier run traced).
     */
    record Traces(Database db, TraceLog log) implements AutoCloseable {
        static Traces open(DomainDatabases databases, String node, DomainSettings settings, InstantSource clock,
                           MeterRegistry registry) {
            // diagnostics, not money: a power loss may lose the last traces, never a settlement (no fsync per batch)
            Database db = databases.open("traces", List.of(TraceLog.MIGRATIONS), List.of(TraceLog.MIGRATIONS),
                    Durability.RELAXED);
            try {
                return new Traces(db, new TraceLog(db, node, settings.trace(), SettlementAssembly.traceKeys(), clock,
                        registry));
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        /** The log as a tracer, or {@code null} when tracing is off (the runtime then pays nothing). */
        TraceLog tracing() {
            return log.settings().mode() == TraceSettings.Mode.OFF ? null : log;
        }

        @Override
        public void close() {
            log.close();
            db.close();
        }
    }

    /**
     * The live view of every domain event (for {@code crystal tail}) and the worker that resolves a settlement's
     * dead letters once it completes, registered before the runtime starts.
     */
    private static MessageTap registerTap(WorkerRuntime runtime) {
        MessageTap tap = new MessageTap();
        runtime.register(MessageTap.ADDRESS, tap);
        runtime.subscribe(DomainEvent.class, MessageTap.ADDRESS);
        runtime.register(SettledLetters.ADDRESS, new SettledLetters(runtime));
        runtime.subscribe(SettlementProcessed.class, SettledLetters.ADDRESS);
        return tap;
    }

    /**
     * The runtime's dead letters: {@code deadletters.db} in the data directory, or the {@code <prefix>deadletters}
     * schema that every node of a cluster shares (so any node lists and replays them).
     */
    private static Database openDeadLetters(DomainDatabases databases) {
        return databases.open("deadletters", List.of(JdbcDeadLetterLog.MIGRATIONS), List.of(JdbcDeadLetterLog.MIGRATIONS));
    }

    /**
     * Every database this platform opened, by name (each domain's, and {@code deadletters}); for health checks,
     * which may only call {@link Database#ping()} on them.
     */
    public Map<String, Database> databases() {
        Map<String, Database> all = new LinkedHashMap<>(domains.databases());
        all.put("deadletters", deadLetterDb);
        return all;
    }

    /** The shared services of a cluster node (Redis), or empty when the platform runs embedded. */
    public Optional<ClusterBackends> clusterBackends() {
        return Optional.ofNullable(backends);
    }

    /**
     * The API keys: {@code keys.db} in the data directory, or the {@code <prefix>keys} schema that every node of a
     * cluster shares (so a key works on any node).
     */
    private static Database openKeys(DomainDatabases databases) {
        return databases.open("keys", List.of(JdbcApiKeyStore.MIGRATIONS), List.of(JdbcApiKeyStore.MIGRATIONS));
    }

    /** The store of API keys (hashes only). */
    public JdbcApiKeyStore keyStore() {
        return keyStore;
    }

    /** This node's cluster membership, or empty when the platform runs embedded. */
    public Optional<ClusterNode> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The read caches in front of balances, affiliates and bonuses (bypassed when off). */
    public ReadCaches caches() {
        return caches;
    }

    public WorkerRuntime runtime() {
        return runtime;
    }

    /** The durable job engine. */
    public Jobs jobs() {
        return domains.jobs();
    }

    private final List<AutoCloseable> closeWith = new CopyOnWriteArrayList<>();

    /** Closes {@code resource} after the trace log, when the platform stops (e.g. a trace exporter). */
    public void closeWith(AutoCloseable resource) {
        closeWith.add(resource);
    }

    /** The trace log (readable also when tracing is off). */
    public TraceLog traceLog() {
        return traces.log();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Drains and stops the workers, then closes the databases (and, on a cluster node, the shared services). */
    public ShutdownReport stop() {
        domains.stopBackgroundJobs();
        ShutdownReport report = runtime.shutdown();
        if (cluster != null) {
            cluster.close();
        }
        domains.close();
        caches.close();
        traces.close();
        for (AutoCloseable c : closeWith) {
            try {
                c.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Platform.class).warn("closing {} failed: {}", c, e.toString());
            }
        }
        deadLetterDb.close();
        keysDb.close();
        if (backends != null) {
            backends.close();
        }
        return report;
    }

    @Override
    public void close() {
        stop();
    }
}
