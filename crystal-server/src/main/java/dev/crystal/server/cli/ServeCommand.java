package dev.crystal.server.cli;

import dev.crystal.server.CrystalServer;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.settlement.assembly.DomainSettings;
import dev.crystal.settlement.collections.domain.RetryPolicy;
import dev.crystal.settlement.kernel.Money;
import dev.crystal.settlement.notifications.adapter.NoticeChannels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal serve}: runs the platform embedded until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the settlement platform (embedded mode: in-JVM workers, SQLite files).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = "", description = "Interface to bind. Default: all interfaces")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory for the domain databases. Default: ${DEFAULT-VALUE}")
    Path dataDir;

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
    java.math.BigDecimal approvalLimit;

    @Option(names = "--notify", defaultValue = "log",
            description = "Notice channel: log, file:PATH or webhook:URL. Default: ${DEFAULT-VALUE}")
    String noticeChannel;

    @Option(names = "--workflows", description = "Directory with extra workflow YAML files to load")
    Path workflowsDir;

    @Option(names = "--config", description = "crystal.yaml: wire: flags: (wire feature flags), cluster: (run as one "
            + "node of a cluster on Redis and PostgreSQL, see examples/cluster/) and cache: (the read cache). "
            + "Default: ./crystal.yaml when it exists")
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
            description = "YAML file with alert thresholds (see docs/operations.md). Default: built-in")
    dev.crystal.server.ops.AlertSettings alertRules;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DomainSettings domains;
        try {
            domains = new DomainSettings(new RetryPolicy(settlementRetries, settlementRetryDelay),
                    Money.of(approvalLimit), noticeChannel, workflowsDir);
            NoticeChannels.fromSpec(noticeChannel);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        WireFlagSnapshot flags;
        dev.crystal.server.cluster.ClusterSettings cluster;
        CacheSettings cacheSettings;
        try {
            flags = PlatformConfig.flags(configFile);
            cluster = PlatformConfig.cluster(configFile).orElse(null);
            cacheSettings = cacheSettings(PlatformConfig.cache(configFile));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CrystalServer server;
        try {
            server = CrystalServer.start(new CrystalServer.Settings(host, port, dataDir,
                    CrystalServer.Settings.DEFAULT_SETTLEMENT_WAIT, shutdownTimeout, domains, flags, cluster,
                    cacheSettings),
                    alertRules == null ? dev.crystal.server.ops.AlertSettings.defaults() : alertRules);
        } catch (RuntimeException e) {
            System.err.println("crystal serve: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownSignals.install(() -> {
            server.stop();
            stopped.countDown();
        });
        String shownHost = host == null || host.isBlank() || host.equals("0.0.0.0") ? "localhost" : host;
        if (cluster == null) {
            System.out.println("Crystal is ready at http://" + shownHost + ":" + server.port() + "/ (data in "
                    + dataDir.toAbsolutePath().normalize() + ")");
        } else {
            System.out.println("Crystal node " + cluster.node() + " is ready at http://" + shownHost + ":"
                    + server.port() + "/ (domains " + (cluster.domains().isEmpty() ? "none, HTTP only"
                    : String.join(", ", new java.util.TreeSet<>(cluster.domains()))) + "; Redis " + cluster.redisUri()
                    + "; PostgreSQL " + cluster.postgres().url() + ")");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** The options given on the command line over the settings of the config file. */
    CacheSettings cacheSettings(CacheSettings fromFile) {
        CacheSettings settings = fromFile;
        if (cache != null) {
            settings = settings.withEnabled(PlatformConfig.onOff("--cache",
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(cache)));
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
}
