package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.store.PostgresSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code cluster:} section of {@code crystal.yaml} into {@link ClusterSettings}. Every error names the
 * key, e.g. {@code cluster.redis.uri}. Stateless.
 */
final class ClusterConfigYaml {
    private static final Set<String> CLUSTER_KEYS = Set.of("node", "domains", "redis", "postgres", "wire",
            "reclaimAfter", "leaseTtl");
    private static final Set<String> REDIS_KEYS = Set.of("uri", "keyPrefix", "cluster", "requireDurable");
    private static final Set<String> POSTGRES_KEYS = Set.of("url", "user", "password", "schemaPrefix", "poolSize");
    private static final Set<String> WIRE_KEYS = Set.of("codec", "compression");

    private ClusterConfigYaml() {
    }

    static ClusterSettings read(JsonNode cluster) {
        requireMapping(cluster, "cluster");
        checkKeys(cluster, "cluster", CLUSTER_KEYS);
        JsonNode redis = cluster.path("redis");
        requireMapping(redis, "cluster.redis");
        checkKeys(redis, "cluster.redis", REDIS_KEYS);
        JsonNode postgres = cluster.path("postgres");
        requireMapping(postgres, "cluster.postgres");
        checkKeys(postgres, "cluster.postgres", POSTGRES_KEYS);
        JsonNode wire = cluster.path("wire");
        if (!wire.isMissingNode()) {
            requireMapping(wire, "cluster.wire");
            checkKeys(wire, "cluster.wire", WIRE_KEYS);
        }
        PostgresSettings pg = new PostgresSettings(text(postgres, "url", "cluster.postgres.url", null),
                text(postgres, "user", "cluster.postgres.user", "postgres"),
                text(postgres, "password", "cluster.postgres.password", ""),
                postgres.has("poolSize") ? positiveInt(postgres.get("poolSize"), "cluster.postgres.poolSize")
                        : PostgresSettings.DEFAULT_POOL_SIZE);
        List<String> seeds = redisClusterSeeds(redis);
        return new ClusterSettings(
                text(cluster, "node", "cluster.node", null),
                text(redis, "uri", "cluster.redis.uri", seeds.isEmpty() ? null : seeds.get(0)),
                text(redis, "keyPrefix", "cluster.redis.keyPrefix", ClusterSettings.DEFAULT_KEY_PREFIX),
                pg,
                text(postgres, "schemaPrefix", "cluster.postgres.schemaPrefix", ClusterSettings.DEFAULT_SCHEMA_PREFIX),
                domains(cluster.path("domains")),
                enumValue(CodecId.class, text(wire, "codec", "cluster.wire.codec", "binary"), "cluster.wire.codec"),
                enumValue(CompressionId.class, text(wire, "compression", "cluster.wire.compression", "none"),
                        "cluster.wire.compression"),
                duration(cluster, "reclaimAfter", "cluster.reclaimAfter", ClusterSettings.DEFAULT_RECLAIM_AFTER),
                duration(cluster, "leaseTtl", "cluster.leaseTtl", ClusterSettings.DEFAULT_LEASE_TTL),
                seeds,
                bool(redis, "requireDurable", "cluster.redis.requireDurable"));
    }

    /** A {@code true}/{@code false} at {@code field}, {@code false} when absent. */
    private static boolean bool(JsonNode parent, String field, String key) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, was " + value);
        }
        return value.asBoolean();
    }

    /**
     * {@code cluster.redis.cluster}: absent or {@code false} → one Redis (no seeds); {@code true} → a Redis Cluster
     * seeded by {@code cluster.redis.uri}; a list of URIs → a Redis Cluster seeded by them ({@code uri} may then be
     * left out; when given it is tried first).
     */
    private static List<String> redisClusterSeeds(JsonNode redis) {
        JsonNode value = redis.path("cluster");
        if (value.isMissingNode() || value.isNull() || (value.isBoolean() && !value.asBoolean())) {
            return List.of();
        }
        if (value.isBoolean()) {
            return List.of(text(redis, "uri", "cluster.redis.uri (the seed of cluster.redis.cluster: true)",
                    null));
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException("cluster.redis.cluster must be true, false or a non-empty list of "
                    + "redis:// URIs of the cluster's nodes, was " + value);
        }
        LinkedHashSet<String> seeds = new LinkedHashSet<>();
        if (redis.path("uri").isTextual()) {
            seeds.add(redis.path("uri").asText());
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("cluster.redis.cluster must hold redis:// URIs, found " + item);
            }
            seeds.add(item.asText());
        }
        return List.copyOf(seeds);
    }

    private static void requireMapping(JsonNode node, String key) {
        if (node.isMissingNode()) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(key + " must be a mapping");
        }
    }

    private static void checkKeys(JsonNode node, String where, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + where + "." + name + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode parent, String field, String key, String fallback) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException(key + " is required");
            }
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(key + " must be a single value, was " + value.getNodeType());
        }
        return value.asText();
    }

    private static int positiveInt(JsonNode value, String key) {
        if (!value.canConvertToInt() || value.asInt() < 1) {
            throw new IllegalArgumentException(key + " must be a positive integer, was " + value);
        }
        return value.asInt();
    }

    private static Set<String> domains(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            throw new IllegalArgumentException("cluster.domains is required (a list, [] for an HTTP-only node)");
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("cluster.domains must be a list such as [balance, collections]");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("cluster.domains must hold domain names, found " + item);
            }
            if (!names.add(item.asText())) {
                throw new IllegalArgumentException("cluster.domains names '" + item.asText() + "' twice");
            }
        }
        return names;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String key) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", was '" + value + "'");
        }
    }

    /** The duration at {@code field} (e.g. {@code 15s}), or {@code fallback} when the key is absent. */
    private static Duration duration(JsonNode parent, String field, String key, Duration fallback) {
        if (parent.path(field).isMissingNode() || parent.path(field).isNull()) {
            return fallback;
        }
        String value = text(parent, field, key, null);
        try {
            return new DurationConverter().convert(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
