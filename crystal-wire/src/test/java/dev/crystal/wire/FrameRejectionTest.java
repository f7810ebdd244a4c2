package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.wire.fixtures.SeedMessages;
import dev.crystal.wire.fixtures.TestWire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader refuses every frame it does not know exactly, with a specific reason, and dead-letters it. */
class FrameRejectionTest {
    private final CodecSet codecs = TestWire.codecs();
    private final List<RejectedFrame> deadLetters = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WireDecoder decoder = new WireDecoder(codecs, deadLetters::add, meters);
    private final byte[] valid = new WireEncoder(codecs, meters)
            .encode(TestWire.envelope(SeedMessages.settlementProcessed()), WireSettings.defaults());

    @Test
    void validFrameDecodes() {
        assertThat(decoder.decode(valid)).isInstanceOf(DecodeOutcome.Decoded.class);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void unknownFormatVersionIsRejectedAndDeadLettered() {
        byte[] bytes = valid.clone();
        bytes[2] = 9;

        RejectedFrame rejected = reject(bytes, WireError.UNKNOWN_FORMAT_VERSION);

        assertThat(rejected.detail()).contains("format version 9");
        assertThat(rejected.frame()).isEmpty();
        assertThat(deadLetters).containsExactly(rejected);
        assertThat(meters.counter("crystal.wire.rejected", "reason", "unknown_format_version").count()).isEqualTo(1);
    }

    @Test
    void rejectionsBecomeRuntimeDeadLetters() {
        byte[] bytes = valid.clone();
        bytes[3] = 77;
        RejectedFrame rejected = reject(bytes, WireError.UNKNOWN_CODEC);

        var deadLetter = rejected.toDeadLetter(Instant.EPOCH);

        assertThat(deadLetter.reason()).isEqualTo("wire UNKNOWN_CODEC: codec id 77 is not known");
        assertThat(deadLetter.envelope().type()).isEqualTo("UNREADABLE_FRAME");
        assertThat(deadLetter.envelope().payload()).isSameAs(rejected);
        assertThat(new MessageYaml(codecs).render(deadLetter)).contains("reason: \"wire UNKNOWN_CODEC: codec id 77 is not known\"");
    }

    @Test
    void unknownCodecIsRejected() {
        byte[] bytes = valid.clone();
        bytes[3] = 77;

        assertThat(reject(bytes, WireError.UNKNOWN_CODEC).detail()).contains("codec id 77");
    }

    @Test
    void unknownCompressionIsRejected() {
        byte[] bytes = valid.clone();
        bytes[4] = 5;

        assertThat(reject(bytes, WireError.UNKNOWN_COMPRESSION).detail()).contains("compression id 5");
    }

    @Test
    void unknownMessageTypeIsRejectedWithItsHeader() {
        WireFrame frame = new FrameReader(codecs.limits()).read(valid);
        WireFrame renamed = new WireFrame(frame.formatVersion(), frame.codec(), frame.compression(), "NO_SUCH_TYPE",
                1, frame.messageId(), frame.correlationId(), frame.causationId(), frame.source(), frame.target(),
                frame.timestamp(), frame.uncompressedLength(), frame.body());

        RejectedFrame rejected = reject(new FrameWriter().write(renamed), WireError.UNKNOWN_MESSAGE_TYPE);

        assertThat(rejected.detail()).contains("NO_SUCH_TYPE");
        assertThat(rejected.frame()).hasValueSatisfying(header -> assertThat(header.messageId()).isEqualTo("msg_1"));
    }

    @Test
    void garbageTruncationAndTrailingBytesAreMalformedFrames() {
        reject("hello world".getBytes(), WireError.MALFORMED_FRAME);
        reject(Arrays.copyOf(valid, valid.length - 3), WireError.MALFORMED_FRAME);
        reject(Arrays.copyOf(valid, valid.length + 2), WireError.MALFORMED_FRAME);
        reject(new byte[0], WireError.MALFORMED_FRAME);
    }

    @Test
    void everyTruncationOfAValidFrameIsRejectedNeverThrown() {
        for (int length = 0; length < valid.length; length++) {
            DecodeOutcome outcome = decoder.decode(Arrays.copyOf(valid, length));
            assertThat(outcome).as("prefix of %d bytes", length).isInstanceOf(DecodeOutcome.Rejected.class);
        }
    }

    @Test
    void corruptBodyIsMalformedBody() {
        WireFrame frame = new FrameReader(codecs.limits()).read(valid);
        byte[] body = frame.body().clone();
        body[0] = 99;
        WireFrame corrupt = new WireFrame(1, frame.codec(), frame.compression(), frame.messageType(),
                frame.schemaVersion(), frame.messageId(), frame.correlationId(), frame.causationId(), frame.source(),
                frame.target(), frame.timestamp(), body.length, body);

        reject(new FrameWriter().write(corrupt), WireError.MALFORMED_BODY);
    }

    @Test
    void batchesRoundTripAndRejectGarbage() {
        FrameWriter writer = new FrameWriter();
        FrameReader reader = new FrameReader(codecs.limits());
        List<byte[]> frames = List.of(valid, valid.clone(), new byte[]{1, 2, 3});

        List<byte[]> read = reader.readBatch(writer.writeBatch(frames));

        assertThat(read).hasSize(3);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(read.get(i)).isEqualTo(frames.get(i));
        }
        assertThatThrownBy(() -> reader.readBatch(valid))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.error()).isEqualTo(WireError.MALFORMED_FRAME));
    }

    private RejectedFrame reject(byte[] bytes, WireError expected) {
        DecodeOutcome outcome = decoder.decode(bytes);
        assertThat(outcome).isInstanceOf(DecodeOutcome.Rejected.class);
        RejectedFrame rejected = ((DecodeOutcome.Rejected) outcome).rejected();
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(expected);
        assertThat(rejected.raw()).isEqualTo(bytes);
        return rejected;
    }
}
