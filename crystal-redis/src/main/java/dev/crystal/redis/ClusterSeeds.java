package dev.crystal.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How every Crystal component connects to a Redis Cluster: a Lettuce {@link RedisClusterClient} seeded with one or
 * more node URIs (any node of the cluster; the client reads the topology from the first that answers), which
 * refreshes its slot map on {@code MOVED}/{@code ASK} redirects and on reconnects, and every 30 s, so a resharding
 * or failover is followed without a restart. Stateless.
 */
public final class ClusterSeeds {
    private ClusterSeeds() {
    }

    /**
     * A cluster client on {@code seedUris} (at least one {@code redis://} or {@code rediss://} URI), on the
     * process's {@link SharedClientResources}: shut it down with {@link SharedClientResources#shutdown}.
     *
     * @throws IllegalArgumentException when the list is empty or a URI is malformed
     */
    public static RedisClusterClient client(List<String> seedUris) {
        return client(seedUris, TimeoutOptions.enabled());
    }

    /** Like {@link #client(List)}, with {@code timeouts} for every command (e.g. a health probe's short one). */
    public static RedisClusterClient client(List<String> seedUris, TimeoutOptions timeouts) {
        Objects.requireNonNull(seedUris, "seedUris");
        if (seedUris.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed URI");
        }
        RedisClusterClient client =
                SharedClientResources.clusterClient(seedUris.stream().map(RedisURI::create).toList());
        client.setOptions(ClusterClientOptions.builder()
                .timeoutOptions(timeouts)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        return client;
    }

    /** The seeds as one string for messages, e.g. {@code redis://a:7000,redis://b:7000}. */
    public static String describe(List<String> seedUris) {
        return String.join(",", seedUris);
    }
}
