package dev.crystal.server.cluster;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.redis.ClusterSeeds;
import dev.crystal.redis.RedisDurability;
import dev.crystal.redis.SharedClientResources;
import dev.crystal.redis.jobs.RedisJobStore;
import dev.crystal.redis.lease.RedisLeases;
import dev.crystal.redis.transport.RedisStreamsSettings;
import dev.crystal.redis.transport.RedisStreamsTransport;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cache.ReadCaches;
import dev.crystal.wire.WireSettings;
import dev.crystal.wire.WireSettingsResolver;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's shared services on Redis: the Redis Streams transport, Redis leases, the Redis job store and the
 * read caches, all under the node's key prefix — on one Redis, or on a Redis Cluster through Lettuce's cluster client
 * when {@link ClusterSettings#redisCluster()} (every multi-key script's keys share a hash tag: a destination's
 * streams, the job store's prefix, a cache entry's id). Opened by the starting thread, which fails fast with the URI
 * when Redis cannot be reached; the Lettuce connections are thread-safe.
 */
public final class RedisClusterBackends implements ClusterBackends {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterBackends.class);
    private final ClusterSettings settings;
    private final RedisStreamsTransport transport;
    private final RedisLeases leases;
    private final WireSettingsResolver flags;
    /** The health probe's connection; guarded by {@link #probeLock} (health requests come on any thread). */
    private final ReentrantLock probeLock = new ReentrantLock();
    private AbstractRedisClient probeClient;
    private StatefulConnection<String, String> probe;

    private RedisClusterBackends(ClusterSettings settings, RedisStreamsTransport transport, RedisLeases leases,
                                 WireSettingsResolver flags) {
        this.flags = flags;
        this.settings = settings;
        this.transport = transport;
        this.leases = leases;
    }

    /**
     * Connects to the Redis of {@code settings}; stream frames are encoded with the fixed {@code cluster.wire}
     * codec and compression.
     *
     * @throws IllegalStateException naming the URI when Redis cannot be reached
     */
    public static RedisClusterBackends open(ClusterSettings settings, MeterRegistry meters, InstantSource clock) {
        return open(settings, meters, clock, null);
    }

    /**
     * Connects to the Redis of {@code settings}; every stream frame is encoded with what {@code flags} (the live
     * wire flags) resolve for its domains and correlation id ({@link ClusterWire#byDomain}).
     *
     * @throws IllegalStateException naming the URI when Redis cannot be reached
     */
    public static RedisClusterBackends open(ClusterSettings settings, MeterRegistry meters, InstantSource clock,
                                            WireSettingsResolver flags) {
        RedisStreamsSettings streams = RedisStreamsSettings.defaults(settings.keyPrefix() + ":streams")
                .withCodec(settings.codec())
                .withCompression(settings.compression(), WireSettings.DEFAULT_COMPRESSION_THRESHOLD);
        WireSettingsResolver resolver = flags == null ? null : ClusterWire.byDomain(flags);
        RedisStreamsTransport transport = settings.redisCluster()
                ? RedisStreamsTransport.openCluster(settings.redisClusterSeeds(), streams, PlatformWireTypes.codecs(),
                        meters, clock, resolver)
                : RedisStreamsTransport.open(settings.redisUri(), streams, PlatformWireTypes.codecs(), meters, clock,
                        resolver);
        try {
            checkDurability(settings, transport.durability());
            return new RedisClusterBackends(settings, transport, settings.redisCluster()
                    ? RedisLeases.openCluster(settings.redisClusterSeeds(), settings.keyPrefix(), settings.node(),
                            settings.leaseTtl())
                    : RedisLeases.open(settings.redisUri(), settings.keyPrefix(), settings.node(), settings.leaseTtl()),
                    flags);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * A request answered "accepted" once it is in a stream is only as safe as Redis keeps the stream: refuses to
     * start when {@code cluster.redis.requireDurable} is set and Redis does not fsync every write, else warns once.
     */
    static void checkDurability(ClusterSettings settings, RedisDurability durability) {
        if (durability.durable()) {
            LOG.info("Redis {} fsyncs every write ({})", settings.redisDescription(), durability.detail());
            return;
        }
        String why = "Redis " + settings.redisDescription() + " does not fsync every write (" + durability.detail()
                + "): a crash or restart of Redis can lose messages it acknowledged, including requests answered "
                + "'202 pending'; set appendonly yes and appendfsync always on Redis";
        if (settings.requireDurableRedis()) {
            throw new IllegalStateException(why + " (cluster.redis.requireDurable is true)");
        }
        LOG.warn("{}, or set cluster.redis.requireDurable: true to refuse to start on such a Redis", why);
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public WireSettingsResolver wireFlags() {
        return flags;
    }

    @Override
    public Lease lease(String destination) {
        return leases.lease(destination);
    }

    @Override
    public boolean keepsAcknowledgedMessages() {
        return transport.durability().durable();
    }

    @Override
    public JobStore openJobStore() {
        return settings.redisCluster()
                ? RedisJobStore.openCluster(settings.redisClusterSeeds(), settings.keyPrefix() + ":jobs")
                : RedisJobStore.open(settings.redisUri(), settings.keyPrefix() + ":jobs");
    }

    /** Read caches on this cluster's Redis, under {@code <keyPrefix>:cache:}. */
    @Override
    public ReadCaches openReadCaches(CacheSettings cache, MeterRegistry registry) {
        return settings.redisCluster()
                ? ReadCaches.redisCluster(cache, settings.redisClusterSeeds(), settings.keyPrefix(), registry)
                : ReadCaches.redis(cache, settings.redisUri(), settings.keyPrefix(), registry);
    }

    /**
     * Sends {@code PING} on a connection of its own (opened on first use, kept until close); on a Redis Cluster, to
     * every master, and says how many answered.
     */
    @Override
    public String ping() {
        probeLock.lock();
        try {
            if (probe == null) {
                TimeoutOptions timeouts =
                        TimeoutOptions.enabled(Duration.ofSeconds(2));
                if (settings.redisCluster()) {
                    RedisClusterClient client =
                            ClusterSeeds.client(settings.redisClusterSeeds(), timeouts);
                    probeClient = client;
                    probe = client.connect();
                } else {
                    RedisClient client = SharedClientResources.client(settings.redisUri());
                    client.setOptions(ClientOptions.builder().timeoutOptions(timeouts).build());
                    probeClient = client;
                    probe = client.connect();
                }
            }
            if (probe instanceof StatefulRedisClusterConnection<String, String> cluster) {
                var masters = cluster.sync().masters().commands().ping();
                Map<String, String> answers = new TreeMap<>();
                masters.asMap().forEach((node, answer) -> answers.put(
                        node.getUri().getHost() + ":" + node.getUri().getPort(), answer));
                if (answers.isEmpty() || !answers.values().stream().allMatch("PONG"::equals)) {
                    throw new IllegalStateException("masters answered " + answers);
                }
                return settings.redisDescription() + " " + answers.size() + " masters PONG";
            }
            return settings.redisUri() + " "
                    + ((StatefulRedisConnection<String, String>) probe).sync().ping();
        } catch (RuntimeException e) {
            closeProbe();
            throw new IllegalStateException("Redis " + settings.redisDescription() + " does not answer: "
                    + e.getMessage(), e);
        } finally {
            probeLock.unlock();
        }
    }

    private void closeProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
        if (probeClient != null) {
            SharedClientResources.shutdown(probeClient);
            probeClient = null;
        }
    }

    @Override
    public void close() {
        transport.close();
        leases.close();
        probeLock.lock();
        try {
            closeProbe();
        } finally {
            probeLock.unlock();
        }
    }
}
