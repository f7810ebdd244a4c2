package dev.crystal.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.server.CrystalServer;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.settlement.assembly.SettlementAssembly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Three {@code crystal serve --config} nodes on a Redis instance of their own and PostgreSQL schemas under a prefix
 * of their own: nodes 1 and 2 may each run every domain (node 1 starts first and so takes the leases, node 2 stands
 * by), node 3 is an HTTP-only front that the load goes to, so a fault of a domain holder never hits the load's
 * target. Started, every domain is held by a node whose {@code /health} says so, and a query through the front has
 * been answered, so the load's first requests do not wait for leases or cold paths. Closing stops the nodes and Redis; {@link #removeData()} drops the schemas. Thread ownership: the chaos
 * run's thread.
 */
final class ClusterTarget implements ChaosTarget {
    /**
     * The operators' default ({@link ClusterSettings#DEFAULT_LEASE_TTL}): shorter leases lapse on a loaded machine
     * whenever a batch outlasts them, and the domains then move between nodes all the time (seen with 5 s).
     */
    static final Duration LEASE_TTL = ClusterSettings.DEFAULT_LEASE_TTL;
    private static final Duration RECLAIM_AFTER = ClusterSettings.DEFAULT_RECLAIM_AFTER;
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(60);
    /** Generous: on a loaded machine the first round trip through a new cluster has taken tens of seconds. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FRONT = "node-3";

    private final ChaosSettings settings;
    private final String schemaPrefix;
    private final String keyPrefix = "chaos";
    private final RedisChild redis;
    private final List<ServeNode> nodes = new ArrayList<>();
    private final StreamFaults streams;

    ClusterTarget(ChaosSettings settings, Path dir, int firstPort, int redisPort, boolean persistentRedis, String runId) {
        this.settings = settings;
        this.schemaPrefix = "chaos_" + runId + "_";
        this.redis = new RedisChild(settings.redisServer(), redisPort, dir.resolve("redis"), persistentRedis);
        for (int i = 1; i <= 3; i++) {
            String node = "node-" + i;
            nodes.add(new ServeNode(node, firstPort + i - 1, dir.resolve(node + "-data"), dir.resolve(node + ".yaml"),
                    dir.resolve(node + ".log")));
        }
        this.streams = new StreamFaults(redis.uri(), keyPrefix, List.copyOf(SettlementAssembly.ALL_DOMAINS));
    }

    @Override
    public void start() {
        redis.start();
        for (int i = 0; i < nodes.size(); i++) {
            ServeNode node = nodes.get(i);
            writeConfig(node, node.dataDir().getParent().resolve(node.name() + ".yaml"));
            node.start();
            if (i == 0) {
                awaitHolder();
            }
        }
        awaitReady();
    }

    /**
     * Waits until every domain's lease holder in Redis is a live node whose {@code /health} lists the domain as held,
     * then until a query through the HTTP front is answered (any status below 500): the path front → stream → holder
     * → reply stream → front works.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String key = apiKey();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            Set<String> missing = new TreeSet<>(SettlementAssembly.ALL_DOMAINS);
            while (!missing.isEmpty()) {
                missing.removeIf(domain -> heldPerHealth(http, key, domain));
                if (!missing.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("domains " + missing + " not held by any node (per /health) "
                                + "within " + READY_TIMEOUT.toSeconds() + " s");
                    }
                    sleep(Duration.ofMillis(250));
                }
            }
            URI probe = nodes.get(2).url().resolve("/customers/CHAOS_READY_PROBE/balance");
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(15))
                            .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() < 500) {
                        return;
                    }
                    last = answer.statusCode() + " " + answer.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                sleep(Duration.ofMillis(250));
            }
            throw new IllegalStateException("the HTTP front " + FRONT + " did not answer a balance query within "
                    + READY_TIMEOUT.toSeconds() + " s (last: " + last + ")");
        }
    }

    /** Whether the node Redis names as the holder of {@code domain} is alive and lists it as held in /health. */
    private boolean heldPerHealth(HttpClient http, String key, String domain) {
        String holder = streams.holderOf(domain);
        for (ServeNode node : nodes) {
            if (node.name().equals(holder) && node.alive()) {
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.url().resolve("/health"))
                            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (JsonNode held : JSON.readTree(answer.body()).findValues("held")) {
                        for (JsonNode name : held) {
                            if (domain.equals(name.asText())) {
                                return true;
                            }
                        }
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        return false;
    }

    private void writeConfig(ServeNode node, Path file) {
        String yaml = """
                cluster:
                  node: %s
                  domains: [%s]
                  redis:
                    uri: %s
                    keyPrefix: %s
                  postgres:
                    url: %s
                    user: %s
                    password: "%s"
                    schemaPrefix: %s
                  reclaimAfter: %ds
                  leaseTtl: %ds
                """.formatted(node.name(), node.name().equals(FRONT) ? "" : String.join(", ", SettlementAssembly.ALL_DOMAINS),
                redis.uri(), keyPrefix,
                settings.postgresUrl(), settings.postgresUser(), settings.postgresPassword().replace("\"", "\\\""),
                schemaPrefix, RECLAIM_AFTER.toSeconds(), LEASE_TTL.toSeconds());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The prefix of this cluster's PostgreSQL schemas. */
    String schemaPrefix() {
        return schemaPrefix;
    }

    @Override
    public URI loadUrl() {
        return nodes.get(2).url();
    }

    @Override
    public String apiKey() {
        for (ServeNode node : nodes) {
            Path key = node.dataDir().resolve(CrystalServer.ADMIN_KEY_FILE);
            if (Files.exists(key)) {
                try {
                    return Files.readString(key).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + key + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException("no node of the chaos cluster wrote an admin key");
    }

    @Override
    public ServeNode holder() {
        return awaitHolder();
    }

    private ServeNode awaitHolder() {
        long deadline = System.nanoTime() + HOLD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String holder = streams.holderOf("collections");
            for (ServeNode node : nodes) {
                if (node.name().equals(holder) && node.alive()) {
                    return node;
                }
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no node took the collections lease within " + HOLD_TIMEOUT.toSeconds() + " s");
    }

    @Override
    public void restart(ServeNode node) {
        node.start();
    }

    @Override
    public StoreAudit.Stores stores() {
        return domain -> {
            Connection c = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(),
                    settings.postgresPassword());
            c.setSchema(schemaPrefix + domain);
            c.setReadOnly(true);
            return c;
        };
    }

    @Override
    public Optional<RedisChild> redis() {
        return Optional.of(redis);
    }

    @Override
    public Optional<StreamFaults> streams() {
        return Optional.of(streams);
    }

    @Override
    public void close() {
        for (ServeNode node : nodes.reversed()) {
            node.stop();
        }
        redis.kill();
    }

    @Override
    public void removeData() {
        try (Connection c = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUser(),
                settings.postgresPassword()); Statement s = c.createStatement();
             PreparedStatement ours = c.prepareStatement(
                     "SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, ?)")) {
            List<String> schemas = new ArrayList<>();
            ours.setString(1, schemaPrefix);
            try (ResultSet rs = ours.executeQuery()) {
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
            }
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("crystal chaos: could not drop the schemas " + schemaPrefix + "*: " + e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
