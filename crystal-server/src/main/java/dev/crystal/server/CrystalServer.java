package dev.crystal.server;

import dev.crystal.cluster.ClusterNode;
import dev.crystal.runtime.ShutdownReport;
import dev.crystal.server.auth.AccessGuard;
import dev.crystal.server.auth.AccessPolicy;
import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.auth.ApiKeys;
import dev.crystal.server.auth.Sessions;
import dev.crystal.server.cache.CacheRoutes;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cluster.ClusterBackends;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.server.cluster.RecordedSettlements;
import dev.crystal.server.cluster.RedisClusterBackends;
import dev.crystal.server.flags.JdbcWireFlagStore;
import dev.crystal.server.flags.WireFlagsPoller;
import dev.crystal.server.http.AccessRoutes;
import dev.crystal.server.http.HttpApi;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.Json;
import dev.crystal.server.http.JsonErrorHandler;
import dev.crystal.server.http.PendingAcceptance;
import dev.crystal.server.http.RequestGate;
import dev.crystal.server.http.SseFanout;
import dev.crystal.server.ops.AlertDelivery;
import dev.crystal.server.ops.AlertListener;
import dev.crystal.server.ops.AlertRoutes;
import dev.crystal.server.ops.AlertSettings;
import dev.crystal.server.ops.AlertingSettings;
import dev.crystal.server.ops.DeadLetterGauges;
import dev.crystal.server.ops.HealthRoutes;
import dev.crystal.server.ops.HealthSettings;
import dev.crystal.server.ops.MeterReader;
import dev.crystal.server.ops.OpsMonitor;
import dev.crystal.server.ops.OpsRoutes;
import dev.crystal.server.ops.OpsStore;
import dev.crystal.server.ops.PlatformHealth;
import dev.crystal.server.ops.PlatformMeters;
import dev.crystal.server.trace.OtlpTraceExport;
import dev.crystal.settlement.assembly.DomainDatabases;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.store.Database;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlags;
import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform behind its HTTP API. Thread ownership: started and stopped by one
 * controlling thread; {@link #stop()} is idempotent and may be called from a signal handler.
 */
public final class CrystalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrystalServer.class);

    /**
     * Settings of one server.
     *
     * @param host            interface to bind; {@code null}/blank means loopback only (127.0.0.1)
     * @param port            TCP port, 0 for any free port
     * @param dataDir         where the domain databases live (locked while the server runs)
     * @param settlementWait  how long a settlement request waits for its outcome before answering 202
     * @param shutdownTimeout how long shutdown waits for in-flight work
     * @param domains         settings of the domains (retries, approval limit, notice channel, workflows)
     * @param limits          what one client may cost: body, JSON, connections, event streams, metadata, rate
     * @param cache           the read cache in front of balances, affiliates and bonuses ({@code --cache on|off})
     */
    public record Settings(String host, int port, Path dataDir, Duration settlementWait, Duration shutdownTimeout,
                           DomainSettings domains, WireFlagSnapshot wireFlags, ClusterSettings cluster,
                           HttpLimits limits, CacheSettings cache) {
        public static final int DEFAULT_PORT = 8080;
        /** The interface a server binds when none is given: loopback, so nothing outside the machine reaches it. */
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final Duration DEFAULT_SETTLEMENT_WAIT = Duration.ofSeconds(10);

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(settlementWait, "settlementWait");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            Objects.requireNonNull(domains, "domains");
            Objects.requireNonNull(wireFlags, "wireFlags");
            if (limits == null) {
                limits = HttpLimits.defaults();
            }
            if (cache == null) {
                cache = CacheSettings.defaults();
            }
        }

        /** Settings with the default limits and read cache (on). */
        public Settings(String host, int port, Path dataDir, Duration settlementWait, Duration shutdownTimeout,
                        DomainSettings domains, WireFlagSnapshot wireFlags, ClusterSettings cluster) {
            this(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, cluster,
                    HttpLimits.defaults(), CacheSettings.defaults());
        }

        /** Settings with the default read cache (on). */
        public Settings(String host, int port, Path dataDir, Duration settlementWait, Duration shutdownTimeout,
                        DomainSettings domains, WireFlagSnapshot wireFlags, ClusterSettings cluster,
                        HttpLimits limits) {
            this(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, cluster, limits,
                    CacheSettings.defaults());
        }

        /** Embedded settings (no cluster). */
        public Settings(String host, int port, Path dataDir, Duration settlementWait, Duration shutdownTimeout,
                        DomainSettings domains, WireFlagSnapshot wireFlags) {
            this(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, null);
        }

        public static Settings of(int port, Path dataDir) {
            return new Settings(null, port, dataDir, DEFAULT_SETTLEMENT_WAIT, Duration.ofSeconds(30),
                    DomainSettings.defaults(), WireFlagSnapshot.defaults());
        }

        /** The interface actually bound. */
        public String boundHost() {
            return host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        }

        public Settings withDomains(DomainSettings domainSettings) {
            return new Settings(host, port, dataDir, settlementWait, shutdownTimeout, domainSettings, wireFlags,
                    cluster, limits, cache);
        }

        public Settings withWireFlags(WireFlagSnapshot flags) {
            return new Settings(host, port, dataDir, settlementWait, shutdownTimeout, domains, flags, cluster, limits,
                    cache);
        }

        /** These settings as one node of a cluster ({@code null}: embedded). */
        public Settings withCluster(ClusterSettings node) {
            return new Settings(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, node, limits,
                    cache);
        }

        /** These settings with other HTTP limits. */
        public Settings withLimits(HttpLimits httpLimits) {
            return new Settings(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, cluster,
                    httpLimits, cache);
        }

        /** These settings bound to another interface. */
        public Settings withHost(String bindHost) {
            return new Settings(bindHost, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, cluster,
                    limits, cache);
        }

        /** These settings with another read cache. */
        public Settings withCache(CacheSettings cacheSettings) {
            return new Settings(host, port, dataDir, settlementWait, shutdownTimeout, domains, wireFlags, cluster,
                    limits, cacheSettings);
        }
    }

    /** The file of the data directory holding the admin key made on first start. */
    public static final String ADMIN_KEY_FILE = "admin.key";

    private final Platform platform;
    private final Javalin http;
    private final PlatformMeters meters;
    private final OpsMonitor ops;
    private final ApiKeys keys;
    private final String firstAdminKey;
    private final DataDirLock lock;
    private final HttpApi api;
    private final SseFanout dashboards;
    private final String host;
    private final SharedFlags flags;
    private final DeadLetterGauges deadLetterGauges;
    private final RequestGate gate;
    private final Duration shutdownTimeout;
    private volatile boolean stopped;

    private CrystalServer(Platform platform, Javalin http, PlatformMeters meters, OpsMonitor ops, SharedFlags flags,
                          DataDirLock lock, HttpApi api, SseFanout dashboards, String host,
                          RequestGate gate, Duration shutdownTimeout,
                          DeadLetterGauges deadLetterGauges, ApiKeys keys, String firstAdminKey) {
        this.deadLetterGauges = deadLetterGauges;
        this.flags = flags;
        this.lock = lock;
        this.api = api;
        this.dashboards = dashboards;
        this.host = host;
        this.platform = platform;
        this.http = http;
        this.meters = meters;
        this.ops = ops;
        this.gate = gate;
        this.shutdownTimeout = shutdownTimeout;
        this.keys = keys;
        this.firstAdminKey = firstAdminKey;
    }

    /**
     * The wire flags of this process, kept in the store every process of the deployment shares (the data
     * directory's {@code wireflags.db}, or the cluster's {@code <schemaPrefix>wireflags} schema) and polled.
     */
    private record SharedFlags(WireFlags flags, WireFlagsPoller poller, Database database) implements AutoCloseable {
        static SharedFlags open(Settings settings) {
            DomainDatabases databases = settings.cluster() == null ? DomainDatabases.sqlite(settings.dataDir())
                    : DomainDatabases.postgres(settings.cluster().postgres(), settings.cluster().schemaPrefix());
            Database database = databases.open(JdbcWireFlagStore.DATABASE, List.of(JdbcWireFlagStore.MIGRATIONS),
                    List.of(JdbcWireFlagStore.MIGRATIONS));
            try {
                WireFlags flags = new WireFlags(new JdbcWireFlagStore(database), settings.wireFlags(), "config",
                        InstantSource.system());
                WireFlagsPoller poller = new WireFlagsPoller(flags, WireFlagsPoller.DEFAULT_INTERVAL);
                poller.start();
                return new SharedFlags(flags, poller, database);
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }

        @Override
        public void close() {
            poller.close();
            database.close();
        }
    }

    /** Starts the platform and its HTTP API with the default alert rules; returns once both accept work. */
    public static CrystalServer start(Settings settings) {
        return start(settings, AlertSettings.defaults());
    }

    /** Starts the platform, its HTTP API, dashboard and alerting with the default health and access settings. */
    public static CrystalServer start(Settings settings, AlertSettings alertSettings) {
        return start(settings, alertSettings, HealthSettings.defaults(), null, AccessSettings.defaults());
    }

    /**
     * Starts the platform, its HTTP API, dashboard and alerting, exporting every traced hop as an OpenTelemetry span
     * over OTLP/HTTP to {@code otlpEndpoint} ({@code null}: no export); returns once all accept work.
     */
    public static CrystalServer start(Settings settings, AlertSettings alertSettings, URI otlpEndpoint) {
        return start(settings, alertSettings, HealthSettings.defaults(), otlpEndpoint, AccessSettings.defaults());
    }

    /** Starts the platform, its HTTP API, dashboard, alerting and health checks; returns once all accept work. */
    public static CrystalServer start(Settings settings, AlertSettings alertSettings, HealthSettings healthSettings) {
        return start(settings, alertSettings, healthSettings, null, AccessSettings.defaults());
    }

    /** Starts the platform with {@code access} deciding which probes answer without a key. */
    public static CrystalServer start(Settings settings, AlertSettings alertSettings, AccessSettings access) {
        return start(settings, alertSettings, HealthSettings.defaults(), null, access);
    }

    /**
     * Starts the platform, its HTTP API (every route behind {@link AccessPolicy}), dashboard, alerting and health
     * checks ({@code healthSettings}), exporting traced hops to {@code otlpEndpoint} ({@code null}: no export);
     * returns once all accept work. On the first start of an empty key store it makes an admin key and writes it
     * to {@code <dataDir>/admin.key} (mode 600); {@link #firstAdminKey()} has it for printing once.
     */
    public static CrystalServer start(Settings settings, AlertSettings alertSettings, HealthSettings healthSettings,
                                      URI otlpEndpoint, AccessSettings access) {
        return start(settings, AlertingSettings.of(alertSettings), healthSettings, otlpEndpoint, access);
    }

    /**
     * Starts as above with {@code alerting}: the rules, delivery to a webhook and/or Alertmanager, and the sample
     * history ({@code <dataDir>/ops.db}) behind the reports.
     */
    public static CrystalServer start(Settings settings, AlertingSettings alerting, HealthSettings healthSettings,
                                      URI otlpEndpoint, AccessSettings access) {
        DataDirLock lock = DataDirLock.acquire(settings.dataDir());
        try {
            return start(settings, alerting, healthSettings, lock, otlpEndpoint, access);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static CrystalServer start(Settings settings, AlertingSettings alerting, HealthSettings healthSettings,
                                       DataDirLock lock, URI otlpEndpoint, AccessSettings access) {
        HttpLimits limits = settings.limits();
        SharedFlags flags = SharedFlags.open(settings);
        PlatformMeters meters = PlatformMeters.create();
        MeterRegistry registry = meters.registry();
        Platform platform;
        try {
            platform = settings.cluster() == null
                    ? Platform.start(settings.dataDir(), registry, InstantSource.system(), settings.shutdownTimeout(),
                    settings.domains(), settings.cache())
                    : Platform.startNode(settings.cluster(),
                    RedisClusterBackends.open(settings.cluster(), registry, InstantSource.system(), flags.flags()),
                    registry, InstantSource.system(), settings.shutdownTimeout(), settings.domains(), settings.cache());
        } catch (RuntimeException e) {
            flags.close();
            meters.close();
            throw e;
        }
        // sampling, alerts, dashboard routes
        String host = settings.boundHost();
        AtomicReference<String> instance = new AtomicReference<>("http://" + host + ":" + settings.port() + "/");
        OpsMonitor ops;
        try {
            List<AlertListener> delivery = alerting.delivery().delivers()
                    ? List.of(new AlertDelivery(alerting.delivery(), instance::get, Json.mapper(), registry)) : List.of();
            ops = new OpsMonitor(new MeterReader(registry, platform.runtime()::health), InstantSource.system(),
                    alerting.rules(), Json.mapper(), limits.sseReplayBytes(),
                    OpsStore.open(settings.dataDir(), alerting.history()), delivery);
        } catch (RuntimeException e) {
            platform.stop();
            meters.close();
            flags.close();
            throw e;
        }
        SseFanout dashboards = new SseFanout("/ops/events", limits.maxSseSubscribers(), limits.sseBufferEvents(),
                HttpApi.heartbeat(limits));
        OpsRoutes opsRoutes = new OpsRoutes(meters, ops, Json.mapper(), dashboards);
        PlatformHealth health = new PlatformHealth(platform.runtime(), () -> {
            Map<String, Database> all = new LinkedHashMap<>(platform.databases());
            all.put(JdbcWireFlagStore.DATABASE, flags.database());
            return all;
        }, settings.cluster() == null ? "sqlite" : "postgresql", platform::jobs,
                platform.clusterBackends().<Supplier<String>>map(b -> b::ping).orElse(null),
                InstantSource.system(), healthSettings, platform.cluster().map(CrystalServer::leases).orElse(null));
        DeadLetterGauges deadLetterGauges = null;
        try {
            deadLetterGauges = new DeadLetterGauges(platform.runtime(), registry, DeadLetterGauges.DEFAULT_INTERVAL);
            ApiKeys keys = new ApiKeys(platform.keyStore(), InstantSource.system());
            String firstAdminKey = keys.createFirstAdmin().map(created -> {
                // the key is in the store already: a file that cannot be written must not stop the start, or the
                // key would be lost unseen; it is still printed once (ServeCommand)
                Path file = settings.dataDir().resolve(ADMIN_KEY_FILE);
                try {
                    writeAdminKey(file, created.secret());
                } catch (UncheckedIOException e) {
                    LOG.warn("the first admin key could not be written to {}: {}", file, e.getCause().toString());
                }
                return created.secret();
            }).orElse(null);
            Sessions sessions = new Sessions(InstantSource.system(), Sessions.DEFAULT_TTL);
            HttpApi api = new HttpApi(platform.runtime(), settings.settlementWait(), InstantSource.system(),
                    platform.jobs(), platform.tap(), flags.flags(), limits, platform.traceLog(),
                    platform.caches(), pendingAcceptance(settings, platform));
            Javalin http = Javalin.create(config -> {
                opsRoutes.configure(config);
                config.useVirtualThreads = true;
                config.showJavalinBanner = false;
                config.http.maxRequestSize = limits.maxBodyBytes();
                config.startupWatcherEnabled = false;
                config.jetty.modifyHttpConfiguration(http1 -> http1.setSendServerVersion(false));
                config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
                config.jetty.addConnector((server, httpConfiguration) -> {
                    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
                    connector.setHost(host);
                    connector.setPort(settings.port());
                    connector.setIdleTimeout(limits.idleTimeout().toMillis());
                    server.addBean(new ConnectionLimit(limits.maxConnections(), connector));
                    return connector;
                });
            });
            RequestGate gate = new RequestGate();
            gate.mount(http); // first: once stopping, new requests get 503 before any other handler runs
            new AccessGuard(AccessPolicy.standard(access), keys, sessions).mount(http);
            api.mount(http);
            new HealthRoutes(health, platform.runtime(), Json.mapper()).mount(http);
            opsRoutes.mount(http);
            new AccessRoutes(keys, sessions, Json.mapper()).mount(http);
            if (otlpEndpoint != null) {
                OtlpTraceExport export = OtlpTraceExport.start(
                        otlpEndpoint, platform.traceLog().node());
                platform.traceLog().onWritten(export);
                platform.closeWith(export);
                LOG.info("exporting traces over OTLP/HTTP to {}", otlpEndpoint);
            }
            for (SseFanout stream : new SseFanout[]{api.tailSubscribers(), dashboards}) {
                Gauge.builder("crystal.sse.subscribers", stream, SseFanout::subscribers)
                        .description("Connected subscribers of an event stream").tag("endpoint", stream.endpoint())
                        .register(registry);
                FunctionCounter.builder("crystal.sse.dropped", stream, SseFanout::dropped)
                        .description("Subscribers dropped for falling too far behind").tag("endpoint", stream.endpoint())
                        .register(registry);
                FunctionCounter.builder("crystal.sse.refused", stream, SseFanout::refused)
                        .description("Subscriptions refused because the stream was full").tag("endpoint", stream.endpoint())
                        .register(registry);
            }
            new CacheRoutes(platform.caches(), Json.mapper()).mount(http);
            new AlertRoutes(ops, Json.mapper()).mount(http);
            ops.start();
            http.start();
            instance.set("http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                    + http.port() + "/");
            return new CrystalServer(platform, http, meters, ops, flags, lock, api, dashboards, host, gate,
                    settings.shutdownTimeout(), deadLetterGauges, keys, firstAdminKey);
        } catch (RuntimeException e) {
            if (deadLetterGauges != null) {
                deadLetterGauges.close();
            }
            ops.close();
            platform.stop();
            meters.close();
            flags.close();
            throw e;
        }
    }

    /** Writes the first admin key readable by its owner only (mode 600), replacing a stale file. */
    private static void writeAdminKey(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(ADMIN_KEY_FILE + ".tmp");
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, secret + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin key to " + file, e);
        }
    }

    /**
     * The admin key made by this start (first start of an empty key store), to be shown once; empty on every later
     * start or when another node of the cluster made it.
     */
    public Optional<String> firstAdminKey() {
        return Optional.ofNullable(firstAdminKey);
    }

    /** Every route the HTTP API serves, as {@code "METHOD /path"} (to check each has an access rule). */
    public List<String> routes() {
        return http.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.getEndpoint().getMethod().isHttpMethod())
                .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()).distinct().toList();
    }

    /** The platform's API keys. */
    public ApiKeys keys() {
        return keys;
    }

    /** The interface the HTTP API listens on ({@code 127.0.0.1} unless a host was given). */
    public String host() {
        return host;
    }

    /** The URL the HTTP API really listens on, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port() + "/";
    }

    /** The limits in force. */
    public HttpLimits limits() {
        return api.limits();
    }

    /** The subscribers of {@code /messages/tail}. */
    public SseFanout tailSubscribers() {
        return api.tailSubscribers();
    }

    /** The subscribers of {@code /ops/events} (dashboards). */
    public SseFanout dashboardSubscribers() {
        return dashboards;
    }

    /** The port the HTTP API listens on (useful with port 0). */
    public int port() {
        return http.port();
    }

    public Platform platform() {
        return platform;
    }

    /** The wire flags in force on this process (shared with every process of the deployment). */
    public WireFlags wireFlags() {
        return flags.flags();
    }

    public MeterRegistry registry() {
        return meters.registry();
    }

    /** The sampler/alerting loop behind the dashboard, {@code /alerts} and {@code /report}. */
    public OpsMonitor ops() {
        return ops;
    }

    /**
     * Stops in order: new requests are answered 503, every request in flight gets its answer (the workers still
     * run, up to the shutdown timeout), then the workers drain their mailboxes and stop, leases are released and
     * the databases closed (by the platform), and only then the HTTP server stops. Idempotent.
     */
    public ShutdownReport stop() {
        if (stopped) {
            return new ShutdownReport(true, Map.of());
        }
        stopped = true;
        deadLetterGauges.close();
        gate.close();
        api.tailSubscribers().closeAll(); // event streams end now; they are not requests to wait for
        dashboards.closeAll();
        int waiting = gate.inFlight();
        try {
            if (!gate.awaitIdle(shutdownTimeout)) {
                LOG.warn("{} HTTP requests still unanswered after {}; stopping anyway", gate.inFlight(),
                        shutdownTimeout);
            } else if (waiting > 0) {
                LOG.info("answered the {} HTTP requests in flight", waiting);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ops.close();
        ShutdownReport report;
        try {
            report = platform.stop();
            http.stop();
            flags.close();
            meters.close();
        } finally {
            lock.close();
        }
        LOG.info("Crystal stopped ({})", report.clean() ? "clean" : "undrained: " + report.undrained());
        return report;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * When a settlement still running at its answer may be answered 202: embedded, always (one process); on a cluster
     * node, only once it is durable (Redis fsyncs every write, or collections committed its row to PostgreSQL). The
     * lookup pool closes with the platform.
     */
    private static PendingAcceptance pendingAcceptance(Settings settings, Platform platform) {
        if (settings.cluster() == null) {
            return PendingAcceptance.IN_PROCESS;
        }
        ClusterBackends backends = platform.clusterBackends().orElseThrow();
        RecordedSettlements recorded = RecordedSettlements.open(settings.cluster().postgres(),
                settings.cluster().schemaPrefix(), backends::keepsAcknowledgedMessages);
        platform.closeWith(recorded);
        return recorded;
    }

    /** A cluster node's domain leases for {@code /health}: per domain, held and epoch. */
    private static Supplier<Map<String, Map<String, Object>>> leases(
            ClusterNode node) {
        return () -> {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (ClusterNode.Ownership o : node.ownership()) {
                out.put(o.domain(), Map.of("held", o.held(), "epoch", o.epoch()));
            }
            return out;
        };
    }
}
