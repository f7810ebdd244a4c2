package dev.crystal.server.cluster;

import dev.crystal.settlement.assembly.SettlementAssembly;
import dev.crystal.store.PostgresSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node's cluster configuration (the {@code cluster:} section of {@code crystal serve --config}). Immutable and
 * validated: every error names the field.
 *
 * @param node            this node's id, unique in the cluster ({@code [a-z0-9-]}, e.g. {@code node-1})
 * @param redisUri        Redis for streams, leases and jobs, e.g. {@code redis://127.0.0.1:6379}
 * @param keyPrefix       prefix of every Redis key of this cluster (streams, leases, jobs)
 * @param postgres        the PostgreSQL server holding the domains' schemas
 * @param schemaPrefix    schema of domain {@code d} is {@code <schemaPrefix>d}
 * @param domains         the domains this node runs (may be empty: an HTTP-only node); of the nodes configured
 *                        for a domain, the one holding its lease consumes, the others stand by
 * @param codec           how messages are encoded on the streams
 * @param compression     how large message bodies are compressed
 * @param reclaimAfter    how long a message may stay unacknowledged before the domain's consumer takes it back
 * @param leaseTtl        how long a domain's lease lasts without renewal (a killed node's domains move after this)
 * @param redisClusterSeeds empty for one Redis at {@code redisUri}; otherwise the nodes of a Redis Cluster to learn
 *                        its topology from (any of them), and streams, leases, jobs and the cache go through
 *                        Lettuce's cluster client ({@code redisUri} is then the first seed)
 * @param requireDurableRedis refuse to start unless Redis (every master) has {@code appendonly yes} and
 *                        {@code appendfsync always}; when {@code false} a Redis that may lose acknowledged writes is
 *                        only warned about at start
 */
public record ClusterSettings(String node, String redisUri, String keyPrefix, PostgresSettings postgres,
                              String schemaPrefix, Set<String> domains, CodecId codec, CompressionId compression,
                              Duration reclaimAfter, Duration leaseTtl, List<String> redisClusterSeeds,
                              boolean requireDurableRedis) {
    private static final Pattern NODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9:_-]{1,64}");
    private static final Pattern SCHEMA_PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    public static final String DEFAULT_KEY_PREFIX = "crystal";
    public static final String DEFAULT_SCHEMA_PREFIX = "crystal_";
    public static final Duration DEFAULT_RECLAIM_AFTER = Duration.ofSeconds(15);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

    public ClusterSettings {
        Objects.requireNonNull(node, "cluster.node is required");
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("cluster.node must be lower-case letters, digits and '-' "
                    + "(at most 32), was '" + node + "'");
        }
        redisClusterSeeds = List.copyOf(Objects.requireNonNull(redisClusterSeeds, "cluster.redis.cluster"));
        for (String seed : redisClusterSeeds) {
            requireRedisUri(seed, "cluster.redis.cluster");
        }
        requireRedisUri(redisUri, "cluster.redis.uri");
        if (keyPrefix == null || !KEY_PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("cluster.redis.keyPrefix must be 1-64 of [A-Za-z0-9:_-], was '"
                    + keyPrefix + "'");
        }
        Objects.requireNonNull(postgres, "cluster.postgres is required");
        if (schemaPrefix == null || !SCHEMA_PREFIX.matcher(schemaPrefix).matches()) {
            throw new IllegalArgumentException("cluster.postgres.schemaPrefix must be a lower-case SQL identifier "
                    + "prefix, was '" + schemaPrefix + "'");
        }
        Objects.requireNonNull(domains, "cluster.domains");
        for (String domain : domains) {
            if (!SettlementAssembly.ALL_DOMAINS.contains(domain)) {
                throw new IllegalArgumentException("cluster.domains: unknown domain '" + domain + "' (known: "
                        + SettlementAssembly.ALL_DOMAINS + ")");
            }
        }
        domains = Set.copyOf(domains);
        Objects.requireNonNull(codec, "cluster.codec");
        Objects.requireNonNull(compression, "cluster.compression");
        requirePositive(reclaimAfter, "cluster.reclaimAfter");
        requirePositive(leaseTtl, "cluster.leaseTtl");
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cluster.leaseTtl must be at least 1s, was " + leaseTtl);
        }
    }

    /** One Redis at {@code redisUri} (not a Redis Cluster). */
    public ClusterSettings(String node, String redisUri, String keyPrefix, PostgresSettings postgres,
                           String schemaPrefix, Set<String> domains, CodecId codec, CompressionId compression,
                           Duration reclaimAfter, Duration leaseTtl) {
        this(node, redisUri, keyPrefix, postgres, schemaPrefix, domains, codec, compression, reclaimAfter, leaseTtl,
                List.of(), false);
    }

    /** Whether Redis is a Redis Cluster (streams, leases, jobs and cache on Lettuce's cluster client). */
    public boolean redisCluster() {
        return !redisClusterSeeds.isEmpty();
    }

    /** Where Redis is, for messages: the URI, or {@code cluster redis://a,redis://b}. */
    public String redisDescription() {
        return redisCluster() ? "cluster " + String.join(",", redisClusterSeeds) : redisUri;
    }

    private static void requireRedisUri(String uri, String field) {
        if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
            throw new IllegalArgumentException(field + " must start with redis:// or rediss://, was '" + uri + "'");
        }
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was " + d);
        }
    }

    /** How often a node checks (acquires or renews) a lease: a third of its time to live. */
    public Duration leaseCheckEvery() {
        return leaseTtl.dividedBy(3);
    }
}
