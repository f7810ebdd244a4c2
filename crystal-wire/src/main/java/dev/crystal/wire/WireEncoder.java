package dev.crystal.wire;

import dev.crystal.runtime.Envelope;
import dev.crystal.wire.internal.BodyCompressor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sender side: validates an envelope's payload, encodes it with the chosen codec, compresses
 * bodies at or above the threshold and writes the frame. Records the achieved compression ratio
 * as {@code crystal.wire.compression.ratio} (tag {@code algorithm}). Immutable and thread-safe.
 */
public final class WireEncoder {
    private final CodecSet codecs;
    private final FrameWriter writer = new FrameWriter();
    private final Map<CompressionId, BodyCompressor> compressors = new EnumMap<>(CompressionId.class);
    private final Map<CompressionId, DistributionSummary> ratios = new EnumMap<>(CompressionId.class);
    private final Counter skipped;

    /** An encoder over the codecs, reporting compression metrics to {@code meters}. */
    public WireEncoder(CodecSet codecs, MeterRegistry meters) {
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        for (CompressionId id : CompressionId.values()) {
            if (id != CompressionId.NONE) {
                compressors.put(id, BodyCompressor.of(id));
                ratios.put(id, DistributionSummary.builder("crystal.wire.compression.ratio")
                        .description("uncompressed / compressed body size")
                        .tag("algorithm", id.name().toLowerCase(Locale.ROOT))
                        .register(meters));
            }
        }
        this.skipped = Counter.builder("crystal.wire.compression.skipped")
                .description("bodies at or above the threshold sent uncompressed because compression did not shrink them")
                .register(meters);
    }

    /**
     * The frame bytes for an envelope.
     *
     * @throws WireException {@link WireError#INVALID_MESSAGE} when the payload breaks its constraints
     *                       (with every violation), {@link WireError#UNKNOWN_MESSAGE_TYPE} when its
     *                       class is not registered
     */
    public byte[] encode(Envelope<?> envelope, WireSettings settings) {
        return writer.write(frame(envelope, settings));
    }

    /** The frame for an envelope, before it is written to bytes. */
    public WireFrame frame(Envelope<?> envelope, WireSettings settings) {
        Object payload = envelope.payload();
        MessageType<?> type = codecs.registry().requireClass(payload.getClass());
        // An envelope stored before the one naming rule (outbox rows, dead letters) may carry the simple class
        // name; the frame always carries the registered name.
        if (!type.name().equals(envelope.type()) && !payload.getClass().getSimpleName().equals(envelope.type())) {
            throw new IllegalArgumentException("envelope type " + envelope.type() + " does not match the payload's "
                    + "registered type " + type.name());
        }
        type.requireValid(payload);
        byte[] body = codecs.codec(settings.codec()).encode(payload);
        int uncompressedLength = body.length;
        CompressionId compression = CompressionId.NONE;
        if (settings.compression() != CompressionId.NONE && body.length >= settings.compressionThresholdBytes()) {
            byte[] compressed = compressors.get(settings.compression()).compress(body);
            ratios.get(settings.compression()).record((double) body.length / compressed.length);
            if (compressed.length < body.length) {
                body = compressed;
                compression = settings.compression();
            } else {
                skipped.increment();
            }
        }
        return new WireFrame(WireFrame.FORMAT_VERSION, settings.codec(), compression, type.name(),
                type.schemaVersion(), envelope.messageId(), envelope.correlationId(), envelope.causationId(),
                envelope.source(), envelope.target(), envelope.timestamp(), uncompressedLength, body,
                envelope.priority(), envelope.ttlMillis());
    }
}
