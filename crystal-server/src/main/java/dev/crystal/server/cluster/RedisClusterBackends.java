package dev.crystal.server.cluster;

import dev.crystal.jobs.spi.JobStore;
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
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;

/**
 * A cluster node's shared services on one Redis: the Redis Streams transport, Redis leases and the Redis job store,
 * all under the node's key prefix. Opened by the starting thread, which fails fast with the URI when Redis cannot
 * be reached; the Lettuce connections are thread-safe.
 */
public final class RedisClusterBackends implements ClusterBackends {
    private final ClusterSettings settings;
    private final RedisStreamsTransport transport;
    private final RedisLeases leases;
    private final WireSettingsResolver flags;
    /** The health probe's connection; guarded by {@link #probeLock} (health requests come on any thread). */
    private final java.util.concurrent.locks.ReentrantLock probeLock = new java.util.concurrent.locks.ReentrantLock();
    private io.lettuce.core.RedisClient probeClient;
    private io.lettuce.core.api.StatefulRedisConnection<String, String> probe;

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
        RedisStreamsTransport transport = RedisStreamsTransport.open(settings.redisUri(), streams,
                PlatformWireTypes.codecs(), meters, clock, flags == null ? null : ClusterWire.byDomain(flags));
        try {
            return new RedisClusterBackends(settings, transport,
                    RedisLeases.open(settings.redisUri(), settings.keyPrefix(), settings.node(), settings.leaseTtl()),
                    flags);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
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
    public JobStore openJobStore() {
        return RedisJobStore.open(settings.redisUri(), settings.keyPrefix() + ":jobs");
    }

    /** Read caches on this cluster's Redis, under {@code <keyPrefix>:cache:}. */
    @Override
    public ReadCaches openReadCaches(CacheSettings cache, MeterRegistry registry) {
        return ReadCaches.redis(cache, settings.redisUri(), settings.keyPrefix(), registry);
    }

    /** Sends {@code PING} on a connection of its own (opened on first use, kept until close). */
    @Override
    public String ping() {
        probeLock.lock();
        try {
            if (probe == null) {
                probeClient = io.lettuce.core.RedisClient.create(settings.redisUri());
                probeClient.setOptions(io.lettuce.core.ClientOptions.builder()
                        .timeoutOptions(io.lettuce.core.TimeoutOptions.enabled(java.time.Duration.ofSeconds(2)))
                        .build());
                probe = probeClient.connect();
            }
            return settings.redisUri() + " " + probe.sync().ping();
        } catch (RuntimeException e) {
            closeProbe();
            throw new IllegalStateException("Redis " + settings.redisUri() + " does not answer: " + e.getMessage(), e);
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
            probeClient.shutdown();
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
