package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.auth.AccessSettings;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.server.http.HttpLimits;
import dev.crystal.server.http.RateLimit;
import dev.crystal.server.ops.AlertSettings;
import dev.crystal.server.ops.AlertingSettings;
import dev.crystal.server.ops.HealthSettings;
import dev.crystal.server.trace.OtlpTraceExport;
import dev.crystal.settlement.assembly.DataDirectoryCheck;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import dev.crystal.store.trace.TraceSettings;
import dev.crystal.wire.WireFlagSnapshot;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal serve}: runs the platform embedded until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the settlement platform (embedded mode: in-JVM workers, SQLite files).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = CrystalServer.Settings.DEFAULT_HOST,
            description = "Interface to bind (0.0.0.0 for all interfaces). Default: ${DEFAULT-VALUE} (this machine only)")
    String host;

    @Option(names = "--max-body", defaultValue = "" + HttpLimits.DEFAULT_MAX_BODY_BYTES, converter = SizeConverter.class,
            description = "Largest request body, counted while reading whatever the framing (413 beyond), e.g. 1MiB. Default: ${DEFAULT-VALUE} bytes")
    long maxBody;

    @Option(names = "--body-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest time one request body may take to arrive (408 beyond). Default: ${DEFAULT-VALUE}")
    Duration bodyTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "A connection with no bytes moving for this long is closed. Default: ${DEFAULT-VALUE}")
    Duration idleTimeout;

    @Option(names = "--max-connections", defaultValue = "" + HttpLimits.DEFAULT_MAX_CONNECTIONS,
            description = "Most open HTTP connections; more wait to be accepted. Default: ${DEFAULT-VALUE}")
    int maxConnections;

    @Option(names = "--max-json-number", defaultValue = "" + HttpLimits.DEFAULT_MAX_NUMBER_LENGTH,
            description = "Longest JSON number, and most digits any number may have written out (so 1e999999999 is refused). Default: ${DEFAULT-VALUE}")
    int maxJsonNumber;

    @Option(names = "--max-json-depth", defaultValue = "" + HttpLimits.DEFAULT_MAX_NESTING_DEPTH,
            description = "Deepest JSON nesting. Default: ${DEFAULT-VALUE}")
    int maxJsonDepth;

    @Option(names = "--max-json-string", defaultValue = "" + HttpLimits.DEFAULT_MAX_STRING_LENGTH,
            description = "Longest JSON string, in characters. Default: ${DEFAULT-VALUE}")
    int maxJsonString;

    @Option(names = "--max-sse-subscribers", defaultValue = "" + HttpLimits.DEFAULT_MAX_SSE_SUBSCRIBERS,
            description = "Most subscribers of each event stream (/ops/events, /messages/tail); 503 beyond. Default: ${DEFAULT-VALUE}")
    int maxSseSubscribers;

    @Option(names = "--sse-buffer", defaultValue = "" + HttpLimits.DEFAULT_SSE_BUFFER_EVENTS,
            description = "Events buffered per event-stream subscriber; one that falls this far behind is dropped. Default: ${DEFAULT-VALUE}")
    int sseBuffer;

    @Option(names = "--sse-replay", defaultValue = "" + HttpLimits.DEFAULT_SSE_REPLAY_BYTES, converter = SizeConverter.class,
            description = "Most history a new dashboard connection is sent, e.g. 128KiB. Default: ${DEFAULT-VALUE} bytes")
    long sseReplay;

    @Option(names = "--max-metadata-bytes", defaultValue = "" + HttpLimits.DEFAULT_MAX_METADATA_BYTES,
            converter = SizeConverter.class,
            description = "Largest settlement metadata stored, serialized (400 beyond). Default: ${DEFAULT-VALUE} bytes")
    long maxMetadataBytes;

    @Option(names = "--max-metadata-keys", defaultValue = "" + HttpLimits.DEFAULT_MAX_METADATA_KEYS,
            description = "Most keys in a settlement's metadata, at every level (400 beyond). Default: ${DEFAULT-VALUE}")
    int maxMetadataKeys;

    @Option(names = "--rate-limit", defaultValue = "50000/s",
            description = "Requests allowed per API key (or client address without one): N/s, N/m or off; 429 with Retry-After beyond. Default: ${DEFAULT-VALUE}")
    String rateLimit;

    @Option(names = "--rate-burst",
            description = "Requests a key may make at once after a quiet spell. Default: one second's worth of --rate-limit")
    Long rateBurst;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory for the domain databases. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--init", description = "Create missing or empty domain databases in a data directory that is"
            + " already in use (their state is lost). Without it, serve refuses to start on a missing, empty or"
            + " corrupt database; a new, empty data directory is always created")
    boolean init;

    @Option(names = "--shutdown-timeout", defaultValue = "30s",
            description = "How long shutdown waits for in-flight work, e.g. 30s or 2m. Default: ${DEFAULT-VALUE}",
            converter = DurationConverter.class)
    Duration shutdownTimeout;

    @Option(names = "--settlement-retries", defaultValue = "3",
            description = "How often a failed collection is tried again. Default: ${DEFAULT-VALUE}")
    int settlementRetries;

    @Option(names = "--settlement-retry-delay", defaultValue = "5m", converter = DurationConverter.class,
            description = "Wait before the first retry (doubling after). Default: ${DEFAULT-VALUE}")
    Duration settlementRetryDelay;

    @Option(names = "--approval-limit", defaultValue = "1000.00",
            description = "Adjustments above this amount need a second approver. Default: ${DEFAULT-VALUE}")
    BigDecimal approvalLimit;

    @Option(names = "--notify", defaultValue = "log",
            description = "Notice channel: log, file:PATH or webhook:URL. Default: ${DEFAULT-VALUE}")
    String noticeChannel;

    @Option(names = "--workflows", description = "Directory with extra workflow YAML files to load")
    Path workflowsDir;

    @Option(names = "--config", description = "crystal.yaml: every option of serve as a key (--max-body is maxBody, "
            + "--cache-ttl is cache.ttl), wire: flags: (wire feature flags), cluster: (run as one node of a cluster on "
            + "Redis and PostgreSQL, see examples/cluster/), alerts: (rules, webhook, alertmanager, delivery, history). Environment variables CRYSTAL_<KEY> (CRYSTAL_DATA_DIR, "
            + "CRYSTAL_CLUSTER_REDIS_URI) win over the file, flags over both; crystal config show prints the result. "
            + "Default: $CRYSTAL_CONFIG, else ./crystal.yaml when it exists")
    Path configFile;

    @Option(names = "--cache", paramLabel = "on|off", description = "Read balances, affiliates and bonuses through a "
            + "cache (in-process embedded, Redis in a cluster). Overrides crystal.yaml's cache.enabled. Default: on")
    String cache;

    @Option(names = "--cache-ttl", converter = DurationConverter.class,
            description = "How long a cached entry lives at most, e.g. 5m. Overrides cache.ttl. Default: 5m")
    Duration cacheTtl;

    @Option(names = "--cache-jitter", converter = DurationConverter.class, description = "Random extra lifetime "
            + "per entry, up to this, e.g. 30s. Overrides cache.jitter. Default: 30s")
    Duration cacheJitter;

    @Option(names = "--cache-warm", description = "Balances of the N most recently active customers loaded at "
            + "start (0: none). Overrides cache.warm. Default: 1000")
    Integer cacheWarm;

    @Option(names = "--alert-rules", converter = AlertRulesConverter.class,
            description = "YAML file with alert thresholds (see docs/operations.md). Overrides crystal.yaml's "
                    + "alerts.rules. Default: built-in")
    AlertSettings alertRules;

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "POST every firing and resolved alert as "
            + "JSON to URL (retried with back-off). Overrides alerts.webhook. Default: none")
    URI alertWebhook;

    @Option(names = "--alertmanager", paramLabel = "URL", description = "Send alerts to the Alertmanager at URL "
            + "(POST URL/api/v2/alerts). Overrides alerts.alertmanager. Default: none")
    URI alertmanager;

    @Option(names = "--dlq-degraded-after", defaultValue = "5m", converter = DurationConverter.class,
            description = "/health is DEGRADED once open dead letters have waited this long (e.g. 30s, 5m, 1h). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration dlqDegradedAfter;

    @Option(names = "--dlq-degraded-count", defaultValue = "1",
            description = "... and at least this many of them wait. Default: ${DEFAULT-VALUE}")
    int dlqDegradedCount;

    @Option(names = "--open-health", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "GET /health/live answers without a key (--no-open-health: operator key needed). Default: open")
    boolean openHealth;

    @Option(names = "--open-metrics", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "GET /metrics answers without a key, for a Prometheus scraper. Default: operator key needed")
    boolean openMetrics;

    @Option(names = "--trace", description = "Trace log of every hop (crystal trace ID, GET /traces/{id}): on, off "
            + "or sample=N (one operation in N). Default: the config file's trace.mode, else "
            + "on (docs/benchmarks.md: within 5 percent of untraced throughput)")
    String trace;

    @Option(names = "--trace-max-age", converter = DurationConverter.class,
            description = "Trace rows older than this are deleted, e.g. 24h or 30m. Default: 24h")
    Duration traceMaxAge;

    @Option(names = "--trace-max-rows", description = "At most this many trace rows are kept. Default: 1000000")
    Long traceMaxRows;

    @Option(names = "--log-level", split = ",", paramLabel = "[LOGGER=]LEVEL",
            description = "Log level of the root logger (LEVEL) or of one logger (LOGGER=LEVEL; e.g. "
                    + "crystal.notices=debug shows every notice sent); repeatable. Default: info")
    List<String> logLevels = new ArrayList<>();

    @Option(names = "--log-format", description = "text (one line with date, level, thread, logger, corr=) or json "
            + "(one JSON object per line, MDC fields included). Default: text")
    String logFormat;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "Export every traced hop as an OpenTelemetry span over OTLP/HTTP to URL (a collector's base "
                    + "URL such as http://localhost:4318, or its /v1/traces URL). Default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "
                    + "or OTEL_EXPORTER_OTLP_ENDPOINT when set, else no export")
    URI otlpEndpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Everything serve runs with, checked, before anything starts. */
    record Resolved(DomainSettings domains, HealthSettings health, HttpLimits limits, WireFlagSnapshot flags,
                    ClusterSettings cluster, CacheSettings cache, LogSettings logging, AlertingSettings alerting) {
    }

    /**
     * The settings the options, the environment and the configuration file give together; a value that is wrong is a
     * usage error naming where it came from (the flag, the CRYSTAL_* variable or the file) and the key.
     *
     * @throws CommandLine.ParameterException one line naming the key
     */
    Resolved resolve() {
        ConfigLayers layers = spec.commandLine().getDefaultValueProvider() instanceof ConfigLayers installed
                ? installed : new ConfigLayers(spec, Map.of());
        Set<String> flagKeys = ConfigLayers.flagKeys(spec.commandLine().getParseResult());
        try {
            PlatformConfig.Source document = layers.document();
            DomainSettings domains = new DomainSettings(new RetryPolicy(settlementRetries, settlementRetryDelay),
                    Money.of(approvalLimit), noticeChannel, workflowsDir);
            NoticeChannels.fromSpec(noticeChannel);
            HealthSettings health = new HealthSettings(dlqDegradedAfter, dlqDegradedCount);
            HttpLimits limits = limits();
            WireFlagSnapshot flags = PlatformConfig.flags(document);
            ClusterSettings cluster = PlatformConfig.cluster(document).orElse(null);
            var traceSettings = PlatformConfig.trace(document, TraceSettings.defaults());
            if (trace != null) {
                traceSettings = traceSettings.withMode(trace);
            }
            if (traceMaxAge != null || traceMaxRows != null) {
                traceSettings = traceSettings.withRetention(traceMaxAge != null ? traceMaxAge : traceSettings.maxAge(),
                        traceMaxRows != null ? traceMaxRows : traceSettings.maxRows());
            }
            LogSettings logging = PlatformConfig.logging(document).overriddenBy(logFormat,
                    LogSettings.parseLevels(logLevels));
            return new Resolved(domains.withTrace(traceSettings), health, limits, flags, cluster,
                    cacheSettings(PlatformConfig.cache(document)), logging,
                    alerting(PlatformConfig.alerts(document)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), layers.explain(e, flagKeys).getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        Resolved resolved = resolve();
        resolved.logging().apply();
        DomainSettings domains = resolved.domains();
        HealthSettings health = resolved.health();
        HttpLimits limits = resolved.limits();
        WireFlagSnapshot flags = resolved.flags();
        ClusterSettings cluster = resolved.cluster();
        CacheSettings cacheSettings = resolved.cache();
        AlertingSettings alerting = resolved.alerting();
        if (cluster == null) {
            try {
                DataDirectoryCheck.verify(dataDir, init);
            } catch (IllegalStateException e) {
                System.err.println("crystal serve: cannot start: " + e.getMessage());
                return 1;
            }
        }
        CrystalServer server;
        try {
            server = CrystalServer.start(new CrystalServer.Settings(host, port, dataDir,
                    CrystalServer.Settings.DEFAULT_SETTLEMENT_WAIT, shutdownTimeout, domains, flags, cluster, limits,
                    cacheSettings),
                    alerting, health,
                    otlpEndpoint != null ? otlpEndpoint
                            : OtlpTraceExport.fromEnvironment(System.getenv()),
                    new AccessSettings(openHealth, openMetrics));
        } catch (RuntimeException e) {
            System.err.println("crystal serve: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownSignals.install(() -> {
            server.stop();
            stopped.countDown();
        });
        String reach = wildcard(server.host()) ? ", all interfaces: reachable from other machines" : "";
        if (cluster == null) {
            System.out.println("Crystal is ready at " + server.url() + " (data in "
                    + dataDir.toAbsolutePath().normalize() + reach + ")");
        } else {
            System.out.println("Crystal node " + cluster.node() + " is ready at " + server.url() + " (domains " + (cluster.domains().isEmpty() ? "none, HTTP only"
                    : String.join(", ", new TreeSet<>(cluster.domains()))) + "; Redis " + cluster.redisDescription()
                    + "; PostgreSQL " + cluster.postgres().url() + ")");
        }
        server.firstAdminKey().ifPresent(key -> {
            Path file = dataDir.resolve(CrystalServer.ADMIN_KEY_FILE).toAbsolutePath().normalize();
            System.out.println();
            System.out.println("=== First start: an admin API key was created. It is shown only this once. ===");
            System.out.println("    " + key);
            System.out.println(Files.exists(file)
                    ? "    Saved to " + file + " (mode 600); the crystal CLI on this machine reads it from there."
                    : "    NOT saved: " + file + " could not be written. Copy the key now; pass it with --api-key or "
                    + "CRYSTAL_API_KEY.");
            System.out.println("    Send it as: Authorization: Bearer <key>   (docs/security.md)");
            System.out.println("===============================================================================");
            System.out.println();
        });
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** The alert options given on the command line over the {@code alerts:} section of the config file. */
    AlertingSettings alerting(AlertingSettings fromFile) {
        AlertingSettings settings = fromFile;
        if (alertRules != null) {
            settings = new AlertingSettings(alertRules, settings.delivery(), settings.history());
        }
        if (alertWebhook != null || alertmanager != null) {
            settings = settings.withDelivery(settings.delivery().withTargets(
                    alertWebhook != null ? alertWebhook : settings.delivery().webhook(),
                    alertmanager != null ? alertmanager : settings.delivery().alertmanager()));
        }
        return settings;
    }

    /** The options given on the command line over the settings of the config file. */
    CacheSettings cacheSettings(CacheSettings fromFile) {
        CacheSettings settings = fromFile;
        if (cache != null) {
            settings = settings.withEnabled(PlatformConfig.onOff("--cache",
                    TextNode.valueOf(cache)));
        }
        if (cacheTtl != null) {
            settings = settings.withTtl(cacheTtl);
        }
        if (cacheJitter != null) {
            settings = settings.withJitter(cacheJitter);
        }
        if (cacheWarm != null) {
            settings = settings.withWarm(cacheWarm);
        }
        return settings;
    }

    /**
     * The HTTP limits the options describe.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    HttpLimits limits() {
        RateLimit rate = RateLimit.parse(rateLimit);
        if (rateBurst != null && rate.limited()) {
            rate = rate.withBurst(rateBurst);
        }
        if (sseReplay > Integer.MAX_VALUE || maxMetadataBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--sse-replay and --max-metadata-bytes must be below 2 GiB");
        }
        return new HttpLimits(maxBody, bodyTimeout, idleTimeout, maxConnections, maxJsonNumber, maxJsonDepth,
                maxJsonString, maxSseSubscribers, sseBuffer, (int) sseReplay, (int) maxMetadataBytes, maxMetadataKeys,
                rate);
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }
}
