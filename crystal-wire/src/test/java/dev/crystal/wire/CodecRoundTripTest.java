package dev.crystal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Envelope;
import dev.crystal.wire.fixtures.RecordArbitraries;
import dev.crystal.wire.fixtures.TestWire;
import dev.crystal.wire.internal.BodyCompressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every registered message type round-trips exactly through every codec and through whole frames. */
class CodecRoundTripTest {
    private final CodecSet codecs = TestWire.codecs();

    @Provide
    Arbitrary<Object> messages() {
        return Arbitraries.oneOf(TestWire.REGISTRY.types().stream()
                .map(type -> RecordArbitraries.of(type.recordClass()))
                .toList());
    }

    @Property(tries = 600)
    void everyMessageRoundTripsThroughEveryCodec(@ForAll("messages") Object message, @ForAll CodecId codecId) {
        Codec codec = codecs.codec(codecId);

        Object decoded = codec.decode(codec.encode(message), message.getClass());

        assertThat(decoded).isEqualTo(message);
    }

    @Property(tries = 300)
    void everyMessageRoundTripsThroughAFrame(@ForAll("messages") Object message, @ForAll CodecId codecId,
                                             @ForAll CompressionId compression) {
        MessageType<?> type = TestWire.REGISTRY.requireClass(message.getClass());
        Envelope<Object> envelope = new Envelope<>("msg_42", type.name(), "corr_7", null, "collections", "balance",
                Instant.parse("2025-01-26T15:30:00.123456789Z"), message);
        // property data breaks constraints on purpose: validation is tested elsewhere, here only the bytes matter
        WireFrame frame = new WireEncoderWithoutValidation(codecs).frame(envelope,
                new WireSettings(codecId, compression, 1, BatchSettings.disabled()));
        byte[] bytes = new FrameWriter().write(frame);

        WireFrame read = new FrameReader(codecs.limits()).read(bytes);

        assertThat(read).isEqualTo(frame);
        assertThat(codecs.codec(read.codec()).decode(
                new WireEncoderWithoutValidation(codecs).restore(read), message.getClass())).isEqualTo(message);
    }

    /** Frames without the sender's validation, to round-trip arbitrary (often invalid) payloads. */
    private record WireEncoderWithoutValidation(CodecSet codecs) {
        WireFrame frame(Envelope<Object> envelope, WireSettings settings) {
            byte[] body = codecs.codec(settings.codec()).encode(envelope.payload());
            CompressionId applied = CompressionId.NONE;
            byte[] carried = body;
            if (settings.compression() != CompressionId.NONE) {
                carried = BodyCompressor.of(settings.compression()).compress(body);
                applied = settings.compression();
            }
            MessageType<?> type = codecs.registry().requireClass(envelope.payload().getClass());
            return new WireFrame(WireFrame.FORMAT_VERSION, settings.codec(), applied, type.name(), type.schemaVersion(),
                    envelope.messageId(), envelope.correlationId(), envelope.causationId(), envelope.source(),
                    envelope.target(), envelope.timestamp(), body.length, carried);
        }

        byte[] restore(WireFrame frame) {
            return frame.compression() == CompressionId.NONE ? frame.body()
                    : BodyCompressor.of(frame.compression())
                    .decompress(frame.body(), frame.uncompressedLength());
        }
    }

    record TreeNode(String name, List<TreeNode> children, TreeNode parentCopy) {
    }

    @Example
    void recordsThatContainThemselvesRoundTrip() {
        CodecSet treeCodecs = CodecSet.standard(MessageTypeRegistry.builder()
                .register(MessageType.builder("TREE", TreeNode.class).build()).build(), DecoderLimits.defaults());
        TreeNode leaf = new TreeNode("leaf", List.of(), null);
        TreeNode root = new TreeNode("root", List.of(leaf, new TreeNode("mid", List.of(leaf), leaf)), leaf);

        for (CodecId id : CodecId.values()) {
            Codec codec = treeCodecs.codec(id);
            assertThat(codec.decode(codec.encode(root), TreeNode.class)).isEqualTo(root);
        }
    }

    @Property(tries = 100)
    void validMessagesRoundTripThroughEncoderAndDecoder(@ForAll CodecId codecId, @ForAll CompressionId compression) {
        WireEncoder encoder = new WireEncoder(codecs, new SimpleMeterRegistry());
        WireDecoder decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), new SimpleMeterRegistry());
        for (Object message : SeedFixtures.all()) {
            Envelope<?> envelope = TestWire.envelope(message);

            DecodeOutcome outcome = decoder.decode(encoder.encode(envelope,
                    new WireSettings(codecId, compression, 64, BatchSettings.disabled())));

            assertThat(outcome).isInstanceOfSatisfying(DecodeOutcome.Decoded.class,
                    decoded -> assertThat(decoded.envelope()).isEqualTo(envelope));
        }
    }
}
