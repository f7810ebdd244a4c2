package dev.crystal.redis.transport;

import dev.crystal.redis.ClusterSeeds;
import dev.crystal.redis.RedisDurability;
import dev.crystal.redis.SharedClientResources;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.RejectedFrameSink;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettingsResolver;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} on Redis Streams (Lettuce): one stream per destination, one consumer group per
 * {@linkplain #openReceiver receiver group}, envelopes carried as crystal-wire frames. Delivery is
 * at-least-once: entries stay pending in their group until acknowledged, {@link TransportReceiver#reclaim}
 * takes over entries a dead or slow member left idle, entries delivered too often or that cannot be decoded
 * go to the destination's dead-letter stream, and acknowledged entries are trimmed. See docs/cluster.md,
 * "Redis Streams transport", for the key layout and guarantees.
 *
 * <p>Thread-safety: one multiplexed Lettuce connection is shared by every sender and receiver (a receiver whose
 * consumer asks to be woken reads ahead on a connection of its own, since a blocked read holds its connection),
 * any thread may open them; each sender and receiver is owned by one thread; {@code closed} is atomic.
 */
public final class RedisStreamsTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsTransport.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisStreamsSettings settings;
    private final StreamKeys keys;
    private final StreamScripts scripts;
    private final WireEncoder encoder;
    private final WireDecoder decoder;
    private final FrameReader frameReader;
    private final WireSettingsResolver resolver;
    private final IdleClock idleClock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStreamsTransport(AbstractRedisClient client, StatefulConnection<String, byte[]> connection,
                                  RedisClusterAsyncCommands<String, byte[]> redis, RedisStreamsSettings settings,
                                  CodecSet codecs, MeterRegistry meters, InstantSource clock,
                                  WireSettingsResolver resolver) {
        this.client = client;
        this.connection = connection;
        this.redis = redis;
        this.settings = settings;
        this.keys = new StreamKeys(settings.keyPrefix());
        this.scripts = new StreamScripts(redis, connection.getTimeout());
        this.encoder = new WireEncoder(codecs, meters);
        this.decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), meters);
        this.frameReader = new FrameReader(codecs.limits());
        this.resolver = resolver == null ? WireSettingsResolver.fixed(settings.wire()) : resolver;
        this.idleClock = new IdleClock(clock);
    }

    /**
     * Connects to Redis at {@code redisUri} (for example {@code redis://127.0.0.1:6379}).
     *
     * @param settings key prefix, codec, capacity and limits
     * @param codecs   the codecs and message type registry senders encode and receivers decode with
     * @param meters   where the wire encoder and decoder report (compression ratio, rejected frames)
     * @param clock    measures idle times for {@link TransportReceiver#reclaim}; the system clock in production
     * @throws IllegalStateException if Redis cannot be reached or refuses the scripts
     */
    public static RedisStreamsTransport open(String redisUri, RedisStreamsSettings settings, CodecSet codecs,
                                             MeterRegistry meters, InstantSource clock) {
        return open(redisUri, settings, codecs, meters, clock, null);
    }

    /**
     * Like {@link #open(String, RedisStreamsSettings, CodecSet, MeterRegistry, InstantSource)}, but every frame is
     * encoded with the settings {@code resolver} gives for its route and correlation id (e.g. the live
     * {@link dev.crystal.wire.WireFlags}) instead of the fixed codec and compression of {@code settings}; frames
     * whose batching is on share stream entries. {@code null}: the fixed settings.
     */
    public static RedisStreamsTransport open(String redisUri, RedisStreamsSettings settings, CodecSet codecs,
                                             MeterRegistry meters, InstantSource clock,
                                             WireSettingsResolver resolver) {
        check(redisUri, settings, codecs, meters, clock);
        RedisClient client = SharedClientResources.client(RedisURI.create(redisUri));
        try {
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            return new RedisStreamsTransport(client, connection, connection.async(), settings, codecs, meters, clock,
                    resolver);
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot open the Redis Streams transport at " + redisUri + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@link #open(String, RedisStreamsSettings, CodecSet, MeterRegistry, InstantSource)} with private meters. */
    public static RedisStreamsTransport open(String redisUri, RedisStreamsSettings settings, CodecSet codecs,
                                             InstantSource clock) {
        return open(redisUri, settings, codecs, new SimpleMeterRegistry(), clock);
    }

    /**
     * Connects to a Redis Cluster through {@code seedUri} (any node). Each destination's stream and dead-letter
     * stream share the destination as hash tag; Lettuce routes every command and script by its stream key.
     *
     * @throws IllegalStateException if the cluster cannot be reached
     */
    public static RedisStreamsTransport openCluster(String seedUri, RedisStreamsSettings settings, CodecSet codecs,
                                                    MeterRegistry meters, InstantSource clock) {
        Objects.requireNonNull(seedUri, "seedUri");
        return openCluster(List.of(seedUri), settings, codecs, meters, clock, null);
    }

    /**
     * Like {@link #openCluster(String, RedisStreamsSettings, CodecSet, MeterRegistry, InstantSource)} with several
     * seeds (any nodes of the cluster) and, unless {@code null}, the live wire settings {@code resolver} deciding each
     * frame's codec, compression and batching (as {@link #open(String, RedisStreamsSettings, CodecSet, MeterRegistry,
     * InstantSource, WireSettingsResolver)}).
     *
     * @throws IllegalStateException naming the seeds if the cluster cannot be reached
     */
    public static RedisStreamsTransport openCluster(List<String> seedUris, RedisStreamsSettings settings,
                                                    CodecSet codecs, MeterRegistry meters, InstantSource clock,
                                                    WireSettingsResolver resolver) {
        Objects.requireNonNull(seedUris, "seedUris");
        String seeds = ClusterSeeds.describe(seedUris);
        check(seeds, settings, codecs, meters, clock);
        RedisClusterClient client = ClusterSeeds.client(seedUris);
        try {
            StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
            connection.sync().ping();
            return new RedisStreamsTransport(client, connection, connection.async(), settings, codecs, meters, clock,
                    resolver);
        } catch (RedisException e) {
            SharedClientResources.shutdown(client);
            throw new IllegalStateException("cannot open the Redis Streams transport on the cluster at " + seeds
                    + ": " + e.getMessage(), e);
        }
    }

    private static void check(String uri, RedisStreamsSettings settings, CodecSet codecs, MeterRegistry meters,
                              InstantSource clock) {
        Objects.requireNonNull(uri, "redisUri");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "redis-streams";
    }

    /**
     * Whether the Redis (every master of a Redis Cluster) keeps what it acknowledged across a restart
     * ({@code appendonly yes}, {@code appendfsync always}); asked now, on the transport's connection.
     */
    public RedisDurability durability() {
        requireOpen();
        return RedisDurability.of(connection);
    }

    /** The settings the transport was opened with. */
    public RedisStreamsSettings settings() {
        return settings;
    }

    @Override
    public TransportSender openSender() {
        requireOpen();
        return new StreamsSender(this);
    }

    /**
     * Opens a receiver; creates the group if needed (the first group of a destination starts at its oldest entry,
     * so it sees what was sent before; a group added later starts at the end).
     */
    @Override
    public TransportReceiver openReceiver(String destination, String group, String consumer) {
        requireOpen();
        return StreamsReceiver.open(this, destination, requireName("group", group), requireName("consumer", consumer));
    }

    /** Stops the transport: later sends and flushes answer SHUTTING_DOWN; receivers can no longer be used. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } finally {
            SharedClientResources.shutdown(client, Duration.ZERO, Duration.ofSeconds(2));
        }
        LOG.debug("Redis Streams transport with prefix {} closed", settings.keyPrefix());
    }

    boolean closed() {
        return closed.get();
    }

    /** A receiver's own connection for blocking reads (a blocked XREADGROUP holds the connection it runs on). */
    record ReaderConnection(StatefulConnection<String, byte[]> connection,
                            RedisClusterAsyncCommands<String, byte[]> commands) {
        /** Closes the connection without waiting; a read blocked on it ends (failed) at once. */
        void close() {
            connection.closeAsync();
        }
    }

    /** Opens a connection of its own for one receiver's blocking reads (closed with the transport at the latest). */
    ReaderConnection openReader() {
        requireOpen();
        try {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, byte[]> own = cluster.connect(CODEC);
                return new ReaderConnection(own, own.async());
            }
            StatefulRedisConnection<String, byte[]> own = ((RedisClient) client).connect(CODEC);
            return new ReaderConnection(own, own.async());
        } catch (RedisException e) {
            throw new IllegalStateException("cannot open a reading connection for the Redis Streams transport: "
                    + e.getMessage(), e);
        }
    }

    void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the Redis Streams transport with prefix " + settings.keyPrefix()
                    + " is closed");
        }
    }

    RedisClusterAsyncCommands<String, byte[]> redis() {
        return redis;
    }

    StreamKeys keys() {
        return keys;
    }

    StreamScripts scripts() {
        return scripts;
    }

    WireEncoder encoder() {
        return encoder;
    }

    WireDecoder decoder() {
        return decoder;
    }

    FrameReader frameReader() {
        return frameReader;
    }

    WireSettingsResolver resolver() {
        return resolver;
    }

    IdleClock idleClock() {
        return idleClock;
    }

    private static String requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
