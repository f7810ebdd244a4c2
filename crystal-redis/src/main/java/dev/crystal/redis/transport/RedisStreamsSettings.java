package dev.crystal.redis.transport;

import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.WireSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link RedisStreamsTransport} stores and bounds its streams. Immutable; every value is checked when
 * the record is built, and a bad one is refused with an exception naming the field.
 *
 * @param keyPrefix                 start of every key, letters, digits and {@code _.:-} (no braces: the
 *                                  destination is the hash tag)
 * @param codec                     codec of frame bodies written by senders (receivers read any codec)
 * @param compression               compression of bodies at or above {@code compressionThresholdBytes}
 * @param compressionThresholdBytes smallest body that is compressed
 * @param capacity                  most entries a destination holds that some group has not acknowledged;
 *                                  a send beyond it is {@link dev.crystal.runtime.Delivery#REJECTED}
 * @param maxDeliveries             deliveries after which an entry still not acknowledged is dead-lettered
 *                                  instead of being reclaimed again
 * @param trimInterval              least time between two trims of a destination by one receiver's acks
 *                                  ({@link Duration#ZERO}: trim on every ack)
 * @param reclaimBatch              most entries one {@code reclaim} call takes back
 * @param deadLetterMaxLength       approximate cap of each dead-letter stream (oldest dropped first)
 */
public record RedisStreamsSettings(String keyPrefix, CodecId codec, CompressionId compression,
                                   int compressionThresholdBytes, int capacity, int maxDeliveries,
                                   Duration trimInterval, int reclaimBatch, int deadLetterMaxLength) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]+");

    /** Default capacity per destination: 10,000 unacknowledged entries. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default deliveries before dead-lettering: 5. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;

    public RedisStreamsSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix must be letters, digits and _.:- but was '" + keyPrefix + "'");
        }
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(trimInterval, "trimInterval");
        positive("compressionThresholdBytes", compressionThresholdBytes);
        positive("capacity", capacity);
        positive("maxDeliveries", maxDeliveries);
        positive("reclaimBatch", reclaimBatch);
        positive("deadLetterMaxLength", deadLetterMaxLength);
        if (trimInterval.isNegative()) {
            throw new IllegalArgumentException("trimInterval must not be negative, was " + trimInterval);
        }
    }

    /** Binary codec, LZ4 from 1 KiB, capacity 10,000, 5 deliveries, trim at most every second. */
    public static RedisStreamsSettings defaults(String keyPrefix) {
        return new RedisStreamsSettings(keyPrefix, CodecId.BINARY, CompressionId.LZ4,
                WireSettings.DEFAULT_COMPRESSION_THRESHOLD, DEFAULT_CAPACITY, DEFAULT_MAX_DELIVERIES,
                Duration.ofSeconds(1), 100, 10_000);
    }

    /** A copy with another body codec. */
    public RedisStreamsSettings withCodec(CodecId value) {
        return new RedisStreamsSettings(keyPrefix, value, compression, compressionThresholdBytes, capacity,
                maxDeliveries, trimInterval, reclaimBatch, deadLetterMaxLength);
    }

    /** A copy with another compression and threshold. */
    public RedisStreamsSettings withCompression(CompressionId value, int thresholdBytes) {
        return new RedisStreamsSettings(keyPrefix, codec, value, thresholdBytes, capacity, maxDeliveries,
                trimInterval, reclaimBatch, deadLetterMaxLength);
    }

    /** A copy with another capacity per destination. */
    public RedisStreamsSettings withCapacity(int value) {
        return new RedisStreamsSettings(keyPrefix, codec, compression, compressionThresholdBytes, value,
                maxDeliveries, trimInterval, reclaimBatch, deadLetterMaxLength);
    }

    /** A copy with another delivery limit. */
    public RedisStreamsSettings withMaxDeliveries(int value) {
        return new RedisStreamsSettings(keyPrefix, codec, compression, compressionThresholdBytes, capacity, value,
                trimInterval, reclaimBatch, deadLetterMaxLength);
    }

    /** A copy with another trim interval. */
    public RedisStreamsSettings withTrimInterval(Duration value) {
        return new RedisStreamsSettings(keyPrefix, codec, compression, compressionThresholdBytes, capacity,
                maxDeliveries, value, reclaimBatch, deadLetterMaxLength);
    }

    /** The wire settings senders encode with (no wire-level batching: the transport batches). */
    WireSettings wire() {
        return WireSettings.defaults().withCodec(codec).withCompression(compression, compressionThresholdBytes);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
    }
}
