package dev.crystal.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One set of Lettuce client resources (I/O event loops, computation threads, the hashed-wheel timer that ticks every
 * 100 ms even when nothing is scheduled) for every Redis client this process opens through it. A
 * {@code RedisClient.create(uri)} without resources starts a set of its own, so a cluster node with a transport,
 * leases, a job store, a read cache and a health probe ran five timers and five pairs of event-loop and computation
 * pools: about 50 wake-ups a second while idle, for nothing. The set is created with the first client and shut
 * down when the last client is shut down through {@link #shutdown}; a client created here must be shut down here.
 *
 * <p>Thread ownership: any thread; the set and the clients using it are guarded by one lock.
 */
public final class SharedClientResources {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Set<AbstractRedisClient> USERS = Collections.newSetFromMap(new IdentityHashMap<>());
    private static ClientResources resources;

    private SharedClientResources() {
    }

    /** A client of the Redis server at {@code uri} ({@code redis://…}) on the shared resources. */
    public static RedisClient client(String uri) {
        return client(RedisURI.create(uri));
    }

    /** A client of the Redis server at {@code uri} on the shared resources. */
    public static RedisClient client(RedisURI uri) {
        Objects.requireNonNull(uri, "uri");
        LOCK.lock();
        try {
            RedisClient client = RedisClient.create(acquire(), uri);
            USERS.add(client);
            return client;
        } finally {
            LOCK.unlock();
        }
    }

    /** A client of the Redis Cluster seeded by {@code seeds} on the shared resources. */
    public static RedisClusterClient clusterClient(List<RedisURI> seeds) {
        Objects.requireNonNull(seeds, "seeds");
        LOCK.lock();
        try {
            RedisClusterClient client = RedisClusterClient.create(acquire(), seeds);
            USERS.add(client);
            return client;
        } finally {
            LOCK.unlock();
        }
    }

    /** Shuts {@code client} down (at most 2 s) and, when it was the last one, the shared resources too. */
    public static void shutdown(AbstractRedisClient client) {
        shutdown(client, Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * Shuts {@code client} down after {@code quietPeriod}, waiting at most {@code timeout}, and, when it was the
     * last client on the shared resources, those too. A second call for the same client only shuts it down again.
     */
    public static void shutdown(AbstractRedisClient client, Duration quietPeriod, Duration timeout) {
        client.shutdown(quietPeriod, timeout);
        ClientResources unused = null;
        LOCK.lock();
        try {
            if (USERS.remove(client) && USERS.isEmpty()) {
                unused = resources;
                resources = null;
            }
        } finally {
            LOCK.unlock();
        }
        if (unused != null) {
            unused.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout.toMillis());
        }
    }

    /** How many clients use the shared resources now. */
    static int clients() {
        LOCK.lock();
        try {
            return USERS.size();
        } finally {
            LOCK.unlock();
        }
    }

    private static ClientResources acquire() {
        if (resources == null) {
            resources = DefaultClientResources.create();
        }
        return resources;
    }
}
