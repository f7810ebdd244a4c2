package dev.crystal.wire;

import java.util.Objects;

/**
 * How one message goes on the wire, as resolved from the feature flags for its route and
 * correlation id. Immutable.
 *
 * @param codec                     codec of the body
 * @param compression               compression for bodies at or above the threshold
 * @param compressionThresholdBytes smallest body that is compressed; smaller ones never are
 * @param batching                  batching of the frame on its route
 */
public record WireSettings(CodecId codec, CompressionId compression, int compressionThresholdBytes,
                           BatchSettings batching) {
    /** Default threshold: 1 KiB. */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

    public WireSettings {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(batching, "batching");
        if (compressionThresholdBytes < 1) {
            throw new IllegalArgumentException("compressionThresholdBytes must be positive, was "
                    + compressionThresholdBytes);
        }
    }

    /** Binary codec, LZ4 at 1 KiB, no batching. */
    public static WireSettings defaults() {
        return new WireSettings(CodecId.BINARY, CompressionId.LZ4, DEFAULT_COMPRESSION_THRESHOLD, BatchSettings.disabled());
    }

    /** A copy with another codec. */
    public WireSettings withCodec(CodecId value) {
        return new WireSettings(value, compression, compressionThresholdBytes, batching);
    }

    /** A copy with another compression. */
    public WireSettings withCompression(CompressionId value, int thresholdBytes) {
        return new WireSettings(codec, value, thresholdBytes, batching);
    }
}
