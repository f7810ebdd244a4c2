package dev.crystal.redis.jobs;

import dev.crystal.jobs.spi.JobStore;
import dev.crystal.jobs.spi.JobStorePorts;
import dev.crystal.jobs.spi.SharedRateLimits;
import dev.crystal.redis.ClusterSeeds;
import dev.crystal.redis.SharedClientResources;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link JobStore} on Redis (Lettuce): every state change is one Lua script run with EVALSHA, every key
 * starts with {@code {prefix}:} so a store lives in one cluster hash slot and flows across queues stay
 * atomic. Several stores with different prefixes share one Redis. Thread-safe: the ports are stateless and
 * share one multiplexed Lettuce connection, which any thread may use; workers waiting for other processes' jobs are
 * woken through {@link RedisQueueWaker}, on a connection of its own.
 */
public final class RedisJobStore implements JobStore {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final JobStorePorts ports;
    private final RedisRateLimits rateLimits;
    private final RedisQueueWaker waker;

    /** Queue events kept per queue stream by default ({@code XADD … MAXLEN ~}). */
    public static final int DEFAULT_EVENTS_MAX_LEN = 10_000;

    private RedisJobStore(AbstractRedisClient client, StatefulConnection<String, String> connection,
                          RedisScriptingCommands<String, String> commands, String prefix, int eventsMaxLen) {
        this.client = client;
        this.connection = connection;
        LuaScripts scripts = new LuaScripts(commands, keyBase(prefix), eventsMaxLen);
        RedisEventLog eventLog = new RedisEventLog(scripts);
        RedisAppender appender = new RedisAppender(scripts);
        this.waker = new RedisQueueWaker(client, keyBase(prefix), eventsMaxLen);
        RedisClaimer claimer = new RedisClaimer(scripts, waker);
        RedisReporter reporter = new RedisReporter(scripts);
        RedisStallSweeper stalls = new RedisStallSweeper(scripts);
        RedisInspector inspector = new RedisInspector(scripts);
        RedisQueueControl control = new RedisQueueControl(scripts);
        RedisScheduleStore schedules = new RedisScheduleStore(scripts);
        this.ports = new JobStorePorts(appender, claimer, reporter, stalls, inspector, control, schedules, eventLog);
        this.rateLimits = new RedisRateLimits(scripts);
    }

    /**
     * Connects to Redis at {@code redisUri} (for example {@code redis://127.0.0.1:6379}) and opens the store
     * whose keys all start with {@code {keyPrefix}:}.
     *
     * @throws IllegalArgumentException if the prefix is not made of letters, digits and {@code _.:-}
     * @throws IllegalStateException    if Redis cannot be reached
     */
    public static RedisJobStore open(String redisUri, String keyPrefix) {
        return open(redisUri, keyPrefix, DEFAULT_EVENTS_MAX_LEN);
    }

    /**
     * Like {@link #open(String, String)}, keeping about {@code eventsMaxLen} queue events per queue stream
     * (exactly that many up to 1000, {@code MAXLEN ~} above; 0 writes no events). Each process trims by its
     * own setting when it writes.
     *
     * @throws IllegalArgumentException if the prefix is malformed or {@code eventsMaxLen} is negative
     * @throws IllegalStateException    if Redis cannot be reached
     */
    public static RedisJobStore open(String redisUri, String keyPrefix, int eventsMaxLen) {
        Objects.requireNonNull(redisUri, "redisUri");
        checkPrefix(keyPrefix);
        checkEventsMaxLen(eventsMaxLen);
        RedisClient client = SharedClientResources.client(RedisURI.create(redisUri));
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisJobStore(client, connection, connection.sync(), keyPrefix, eventsMaxLen);
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot open the Redis job store at " + redisUri + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Connects to a Redis Cluster through {@code seedUri} (any node, for example
     * {@code redis://10.0.0.1:7000}) and opens the store whose keys all start with {@code {keyPrefix}:};
     * the whole store lives in the prefix's hash slot.
     *
     * @throws IllegalArgumentException if the prefix is not made of letters, digits and {@code _.:-}
     * @throws IllegalStateException    if the cluster cannot be reached
     */
    public static RedisJobStore openCluster(String seedUri, String keyPrefix) {
        Objects.requireNonNull(seedUri, "seedUri");
        return openCluster(List.of(seedUri), keyPrefix);
    }

    /**
     * Like {@link #openCluster(String, String)} with several seeds (any nodes of the cluster; the first that
     * answers gives the topology).
     *
     * @throws IllegalArgumentException if the prefix is malformed or there is no seed
     * @throws IllegalStateException    naming the seeds if the cluster cannot be reached
     */
    public static RedisJobStore openCluster(List<String> seedUris, String keyPrefix) {
        checkPrefix(keyPrefix);
        RedisClusterClient client = ClusterSeeds.client(seedUris);
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisJobStore(client, connection, connection.sync(), keyPrefix, DEFAULT_EVENTS_MAX_LEN);
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot open the Redis job store on the cluster at "
                    + ClusterSeeds.describe(seedUris) + ": " + e.getMessage(), e);
        }
    }

    /** The key base every key of the store starts with: the prefix as the hash tag. */
    public static String keyBase(String keyPrefix) {
        checkPrefix(keyPrefix);
        return "{" + keyPrefix + "}:";
    }

    private static void checkEventsMaxLen(int eventsMaxLen) {
        if (eventsMaxLen < 0) {
            throw new IllegalArgumentException("eventsMaxLen must be 0 (no events) or more, was " + eventsMaxLen);
        }
    }

    private static void checkPrefix(String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("Redis key prefix must be letters, digits and _.:- but was '"
                    + keyPrefix + "'");
        }
    }

    /** Rate limits shared by every node on this store: one {@code {prefix}:limit:<queue>} hash per queue. */
    @Override
    public Optional<SharedRateLimits> sharedRateLimits() {
        return Optional.of(rateLimits);
    }

    /** Closes the connection; every script already returned, so nothing is pending. */
    @Override
    public JobStorePorts ports() {
        return ports;
    }

    @Override
    public void close() {
        waker.close();
        connection.close();
        SharedClientResources.shutdown(client);
    }
}
