package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.wire.fixtures.TestWire;
import dev.crystal.wire.sample.SampleMessages;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bodies at or above the threshold are compressed, small ones never; the ratio is a metric. */
class CompressionTest {
    private final CodecSet codecs = TestWire.codecs();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WireEncoder encoder = new WireEncoder(codecs, meters);
    private final WireDecoder decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), meters);
    private final FrameReader reader = new FrameReader(codecs.limits());

    @ParameterizedTest
    @EnumSource(value = CompressionId.class, names = {"LZ4", "ZSTD"})
    void largeBodiesAreCompressedAndRestored(CompressionId compression) {
        var envelope = TestWire.envelope(SampleMessages.large());
        byte[] bytes = encoder.encode(envelope, new WireSettings(CodecId.JSON, compression, 1024, BatchSettings.disabled()));

        WireFrame frame = reader.read(bytes);

        assertThat(frame.compression()).isEqualTo(compression);
        assertThat(frame.body().length).isLessThan(frame.uncompressedLength());
        assertThat(decoder.decode(bytes)).isInstanceOfSatisfying(DecodeOutcome.Decoded.class,
                decoded -> assertThat(decoded.envelope()).isEqualTo(envelope));
        DistributionSummary ratio = meters.get("crystal.wire.compression.ratio")
                .tag("algorithm", compression.name().toLowerCase()).summary();
        assertThat(ratio.count()).isEqualTo(1);
        assertThat(ratio.max()).isGreaterThan(2.0);
    }

    @ParameterizedTest
    @EnumSource(CodecId.class)
    void smallBodiesAreNeverCompressed(CodecId codec) {
        byte[] bytes = encoder.encode(TestWire.envelope(SampleMessages.seed()),
                new WireSettings(codec, CompressionId.ZSTD, 1024, BatchSettings.disabled()));

        WireFrame frame = reader.read(bytes);

        assertThat(frame.uncompressedLength()).isLessThan(1024);
        assertThat(frame.compression()).isEqualTo(CompressionId.NONE);
        assertThat(meters.find("crystal.wire.compression.ratio").summaries())
                .allSatisfy(summary -> assertThat(summary.count()).isZero());
    }

    @Test
    void defaultThresholdIsOneKibibyte() {
        assertThat(WireSettings.defaults().compressionThresholdBytes()).isEqualTo(1024);
        assertThat(CompressionFlag.defaults().thresholdBytes()).isEqualTo(1024);
    }

    @Test
    void declaredUncompressedLengthAboveTheLimitIsRejectedBeforeAllocation() {
        WireFrame frame = reader.read(encoder.encode(TestWire.envelope(SampleMessages.large()),
                new WireSettings(CodecId.BINARY, CompressionId.LZ4, 16, BatchSettings.disabled())));
        WireFrame bomb = new WireFrame(1, frame.codec(), frame.compression(), frame.messageType(), 1,
                frame.messageId(), frame.correlationId(), null, frame.source(), frame.target(), frame.timestamp(),
                DecoderLimits.DEFAULT_MAX_BODY_BYTES + 1, frame.body());

        DecodeOutcome outcome = decoder.decode(new FrameWriter().write(bomb));

        assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Rejected.class,
                rejected -> assertThat(rejected.rejected().reason()).isEqualTo(WireError.LIMIT_EXCEEDED));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionId.class, names = {"LZ4", "ZSTD"})
    void corruptCompressedBodyIsMalformed(CompressionId compression) {
        WireFrame frame = reader.read(encoder.encode(TestWire.envelope(SampleMessages.large()),
                new WireSettings(CodecId.BINARY, compression, 16, BatchSettings.disabled())));
        byte[] body = frame.body().clone();
        for (int i = 0; i < body.length; i += 3) {
            body[i] ^= 0x5A;
        }
        WireFrame corrupt = new WireFrame(1, frame.codec(), frame.compression(), frame.messageType(), 1,
                frame.messageId(), frame.correlationId(), null, frame.source(), frame.target(), frame.timestamp(),
                frame.uncompressedLength(), body);

        DecodeOutcome outcome = decoder.decode(new FrameWriter().write(corrupt));

        assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Rejected.class,
                rejected -> assertThat(rejected.rejected().reason()).isEqualTo(WireError.MALFORMED_BODY));
    }
}
