package dev.crystal.server.chaos;

import dev.crystal.cluster.ClusterNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Delivery faults written straight into a cluster's domain streams: copies of recent entries (the same frames, so
 * the same message ids) appended again in order or reversed, and undecodable frames. Thread ownership: the chaos
 * run's thread; one short-lived connection per call, so a Redis outage fails a call, not the run.
 */
final class StreamFaults {
    private static final String FRAME_FIELD = "f";

    private final String redisUri;
    private final String keyPrefix;
    private final List<String> domains;
    private final SplittableRandom random = new SplittableRandom(14);

    StreamFaults(String redisUri, String keyPrefix, List<String> domains) {
        this.redisUri = redisUri;
        this.keyPrefix = keyPrefix;
        this.domains = List.copyOf(domains);
    }

    /** Appends again the newest {@code perDomain} entries of every domain stream; returns how many were appended. */
    int redeliver(int perDomain, boolean reversed) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            int appended = 0;
            for (String domain : domains) {
                byte[] stream = stream(domain);
                List<StreamMessage<byte[], byte[]>> newestFirst = c.sync().xrevrange(stream, Range.create("-", "+"),
                        Limit.from(perDomain));
                List<StreamMessage<byte[], byte[]>> order = new ArrayList<>(newestFirst);
                if (!reversed) {
                    Collections.reverse(order); // oldest first: the original order
                }
                for (StreamMessage<byte[], byte[]> entry : order) {
                    c.sync().xadd(stream, entry.getBody());
                    appended++;
                }
            }
            return appended;
        } finally {
            client.shutdown();
        }
    }

    /** Appends {@code count} undecodable frames spread over the domain streams. */
    void poison(int count) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            for (int i = 0; i < count; i++) {
                byte[] garbage = new byte[8 + random.nextInt(120)];
                random.nextBytes(garbage);
                c.sync().xadd(stream(domains.get(random.nextInt(domains.size()))),
                        Map.of(FRAME_FIELD.getBytes(StandardCharsets.UTF_8), garbage));
            }
        } finally {
            client.shutdown();
        }
    }

    /**
     * Entries of the domain streams their group has not acknowledged yet (pending, or not yet read): work a killed
     * holder left that the taker reclaims only after {@code reclaimAfter}. -1 when Redis does not answer.
     */
    @SuppressWarnings("unchecked")
    long unacknowledged() {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long total = 0;
            for (String domain : domains) {
                String key = keyPrefix + ":streams:{" + ClusterNode.streamOf(domain) + "}";
                if (c.sync().exists(key) == 0) {
                    continue;
                }
                for (Object group : c.sync().xinfoGroups(key)) {
                    List<Object> fields = (List<Object>) group;
                    for (int i = 0; i + 1 < fields.size(); i += 2) {
                        String name = String.valueOf(fields.get(i));
                        if ((name.equals("pending") || name.equals("lag")) && fields.get(i + 1) instanceof Long n) {
                            total += n;
                        }
                    }
                }
            }
            return total;
        } catch (RuntimeException redisDown) {
            return -1;
        } finally {
            client.shutdown();
        }
    }

    /** The lease holder's node id of {@code domain}, or null when nobody holds it (or Redis does not answer). */
    String holderOf(String domain) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().get(keyPrefix + ":lease:{" + ClusterNode.streamOf(domain) + "}");
        } catch (RuntimeException redisDown) {
            return null;
        } finally {
            client.shutdown();
        }
    }

    private byte[] stream(String domain) {
        return (keyPrefix + ":streams:{" + ClusterNode.streamOf(domain) + "}").getBytes(StandardCharsets.UTF_8);
    }
}
