package dev.crystal.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a Redis keeps what it acknowledged across its own restart: only {@code appendonly yes} with
 * {@code appendfsync always} writes every accepted command to disk before answering. With anything else (no AOF,
 * {@code everysec}, RDB snapshots only) a Redis crash or restart loses recent stream entries, so an answer such as
 * "202 accepted" given once a request is in a stream is a promise Redis may not keep. On a Redis Cluster every
 * master is asked. Stateless.
 *
 * @param durable whether every node answered {@code appendonly yes} and {@code appendfsync always}
 * @param detail  what each node answered, e.g. {@code 127.0.0.1:6379 appendonly=no appendfsync=everysec}, or why it
 *                could not be asked ({@code CONFIG} disabled)
 */
public record RedisDurability(boolean durable, String detail) {

    /** Asks the Redis (or every master of the Redis Cluster) behind {@code connection}. */
    public static RedisDurability of(StatefulConnection<?, ?> connection) {
        try {
            if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
                Map<String, String> answers = new TreeMap<>();
                boolean durable = true;
                for (RedisClusterNode node : cluster.getPartitions()) {
                    if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                        continue;
                    }
                    Map<String, String> config = cluster.getConnection(node.getNodeId()).sync()
                            .configGet("appendonly", "appendfsync");
                    durable &= durable(config);
                    answers.put(node.getUri().getHost() + ":" + node.getUri().getPort(), describe(config));
                }
                StringBuilder detail = new StringBuilder();
                answers.forEach((node, answer) -> detail.append(detail.isEmpty() ? "" : ", ").append(node).append(' ')
                        .append(answer));
                return new RedisDurability(durable && !answers.isEmpty(), detail.toString());
            }
            Map<String, String> config = ((StatefulRedisConnection<?, ?>) connection).sync()
                    .configGet("appendonly", "appendfsync");
            return new RedisDurability(durable(config), describe(config));
        } catch (RedisException e) {
            return new RedisDurability(false, "cannot read the persistence settings (CONFIG GET failed: "
                    + e.getMessage() + ")");
        }
    }

    private static boolean durable(Map<String, String> config) {
        return "yes".equalsIgnoreCase(config.get("appendonly")) && "always".equalsIgnoreCase(config.get("appendfsync"));
    }

    private static String describe(Map<String, String> config) {
        return "appendonly=" + config.getOrDefault("appendonly", "?") + " appendfsync="
                + config.getOrDefault("appendfsync", "?");
    }
}
