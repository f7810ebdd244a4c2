package dev.crystal.redis.lease;

import dev.crystal.redis.ClusterSeeds;
import dev.crystal.redis.SharedClientResources;
import dev.crystal.runtime.spi.Lease;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Leases in Redis: a lease is a key {@code <prefix>:lease:{<name>}} holding the holder's id with a time to live,
 * and {@code <prefix>:lease:{<name>}:epoch} counts its grants (the fencing token, never expires). Acquiring,
 * renewing and releasing are compare-and-set Lua scripts, so a holder never extends or deletes a lease another
 * holder has taken since; a fresh grant increments the epoch ({@code INCR}, raised above a floor the caller gives
 * when Redis lost the counter). Both keys share the hash tag {@code {<name>}}, so it works on Redis Cluster
 * ({@link #openCluster}: each script is routed to the node that owns its hash tag).
 * Thread-safe: the Lettuce connection is; each {@link Lease} is owned by one thread.
 */
public final class RedisLeases implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9:_.-]{1,128}");
    /** Answers the grant's epoch (at least 1) while held, 0 when another holder has it. */
    private static final String HOLD = """
            local current = redis.call('GET', KEYS[1])
            local floor = tonumber(ARGV[3])
            local epoch
            if current == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              epoch = tonumber(redis.call('GET', KEYS[2]) or '0')
              if epoch < 1 or epoch <= floor then
                epoch = math.max(epoch, floor) + 1
                redis.call('SET', KEYS[2], epoch)
              end
              return epoch
            end
            if current == false then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              epoch = redis.call('INCR', KEYS[2])
              if epoch <= floor then
                epoch = floor + 1
                redis.call('SET', KEYS[2], epoch)
              end
              return epoch
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> redis;
    private final String keyPrefix;
    private final String holder;
    private final long ttlMillis;

    private RedisLeases(AbstractRedisClient client, StatefulConnection<String, String> connection,
                        RedisClusterCommands<String, String> redis, String keyPrefix, String holder, long ttlMillis) {
        this.client = client;
        this.connection = connection;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.holder = holder;
        this.ttlMillis = ttlMillis;
    }

    /**
     * Connects to {@code redisUri} and returns the leases of {@code holder}, each lasting {@code ttl} unless renewed.
     *
     * @throws IllegalStateException if Redis cannot be reached
     */
    public static RedisLeases open(String redisUri, String keyPrefix, String holder, Duration ttl) {
        Objects.requireNonNull(redisUri, "redisUri");
        check(keyPrefix, holder, ttl);
        RedisClient client = SharedClientResources.client(RedisURI.create(redisUri));
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisLeases(client, connection, connection.sync(), keyPrefix, holder, ttl.toMillis());
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot reach Redis at " + redisUri + " for leases: " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the Redis Cluster seeded by {@code seedUris} (any nodes of it) and returns the leases of
     * {@code holder}; each lease is one key, so its scripts run on the master that owns the key's slot.
     *
     * @throws IllegalStateException naming the seeds if the cluster cannot be reached
     */
    public static RedisLeases openCluster(List<String> seedUris, String keyPrefix, String holder, Duration ttl) {
        check(keyPrefix, holder, ttl);
        RedisClusterClient client = ClusterSeeds.client(seedUris);
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisLeases(client, connection, connection.sync(), keyPrefix, holder, ttl.toMillis());
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot reach the Redis Cluster at " + ClusterSeeds.describe(seedUris)
                    + " for leases: " + e.getMessage(), e);
        }
    }

    private static void check(String keyPrefix, String holder, Duration ttl) {
        checkName(keyPrefix, "key prefix");
        checkName(holder, "holder");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("lease ttl must be at least 1 ms, was " + ttl);
        }
    }

    private static void checkName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 of letters, digits and :_.- but was '" + value
                    + "'");
        }
    }

    /** The lease called {@code name}. */
    public Lease lease(String name) {
        checkName(name, "lease name");
        String key = keyOf(name);
        String epochKey = key + ":epoch";
        return new Lease() {
            /** The epoch of the last successful hold; owned by the lease's thread. */
            private long epoch;

            @Override
            public boolean tryHold() {
                return tryHold(0);
            }

            @Override
            public boolean tryHold(long epochFloor) {
                Long granted = redis.eval(HOLD, ScriptOutputType.INTEGER, new String[] {key, epochKey}, holder,
                        Long.toString(ttlMillis), Long.toString(Math.max(0, epochFloor)));
                if (granted == null || granted < 1) {
                    return false;
                }
                epoch = granted;
                return true;
            }

            @Override
            public long epoch() {
                return epoch;
            }

            @Override
            public String epochKey() {
                return epochKey;
            }

            @Override
            public void close() {
                try {
                    redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, holder);
                } catch (RedisException e) {
                    // The lease expires by itself; releasing only lets a standby take over sooner.
                }
            }
        };
    }

    private String keyOf(String name) {
        return keyPrefix + ":lease:{" + name + "}";
    }

    /** Who holds lease {@code name} now, or {@code null}. */
    public String holderOf(String name) {
        return redis.get(keyOf(name));
    }

    /** The epoch of the newest grant of lease {@code name} (0 if it was never granted). */
    public long epochOf(String name) {
        String epoch = redis.get(keyOf(name) + ":epoch");
        return epoch == null ? 0 : Long.parseLong(epoch);
    }

    @Override
    public void close() {
        connection.close();
        SharedClientResources.shutdown(client);
    }
}
