package dev.crystal.wire;

import dev.crystal.runtime.Envelope;
import dev.crystal.wire.internal.BodyCompressor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Receiver side: reads a frame, looks up its message type, restores and decodes the body and
 * validates the payload. Every refusal becomes a {@link DecodeOutcome.Rejected} handed to the
 * {@link RejectedFrameSink} and counted in {@code crystal.wire.rejected} (tag {@code reason});
 * nothing is guessed. Immutable and thread-safe.
 */
public final class WireDecoder {
    private final CodecSet codecs;
    private final FrameReader reader;
    private final RejectedFrameSink rejectedSink;
    private final Map<CompressionId, BodyCompressor> compressors = new EnumMap<>(CompressionId.class);
    private final Map<WireError, Counter> rejections = new EnumMap<>(WireError.class);

    /** A decoder handing refused frames to {@code rejectedSink}. */
    public WireDecoder(CodecSet codecs, RejectedFrameSink rejectedSink, MeterRegistry meters) {
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        this.reader = new FrameReader(codecs.limits());
        this.rejectedSink = Objects.requireNonNull(rejectedSink, "rejectedSink");
        for (CompressionId id : CompressionId.values()) {
            if (id != CompressionId.NONE) {
                compressors.put(id, BodyCompressor.of(id));
            }
        }
        for (WireError error : WireError.values()) {
            rejections.put(error, Counter.builder("crystal.wire.rejected")
                    .description("frames refused by the reader")
                    .tag("reason", error.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
    }

    /** Reads one frame; never throws for bad input. */
    public DecodeOutcome decode(byte[] bytes) {
        WireFrame frame = null;
        try {
            frame = reader.read(bytes);
            Decoded decoded = decodeFrame(frame);
            return new DecodeOutcome.Decoded(decoded.envelope, frame, decoded.type);
        } catch (WireException e) {
            RejectedFrame rejected = new RejectedFrame(e.error(), e.detail(), e.violations(), frame, bytes);
            rejections.get(e.error()).increment();
            rejectedSink.accept(rejected);
            return new DecodeOutcome.Rejected(rejected);
        }
    }

    private record Decoded(Envelope<Object> envelope, MessageType<?> type) {
    }

    private Decoded decodeFrame(WireFrame frame) {
        MessageType<?> type = codecs.registry().requireName(frame.messageType());
        byte[] body = frame.compression() == CompressionId.NONE
                ? frame.body()
                : compressors.get(frame.compression()).decompress(frame.body(), frame.uncompressedLength());
        Object payload = codecs.codec(frame.codec()).decode(body, type.recordClass());
        List<Violation> violations = type.validate(payload);
        if (!violations.isEmpty()) {
            throw WireException.invalid(type.name(), violations);
        }
        Envelope<Object> envelope = new Envelope<>(frame.messageId(), frame.messageType(), frame.correlationId(),
                frame.causationId(), frame.source(), frame.target(), frame.timestamp(), payload, frame.priority(),
                frame.ttlMillis());
        return new Decoded(envelope, type);
    }
}
