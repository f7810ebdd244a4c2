package dev.crystal.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.server.cluster.PlatformWireTypes;
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every platform message type (every record the cluster puts on the wire: commands, replies, events, failures)
 * goes through every codec — binary, JSON, YAML — uncompressed, LZ4 and zstd (threshold 1 byte, so every body is
 * offered to the compressor), is read back by the platform's decoder, validated, and equals what was sent.
 */
class PlatformCodecRoundTripProperties {
    private static final CodecSet CODECS = PlatformWireTypes.codecs();
    private static final WireEncoder ENCODER = new WireEncoder(CODECS, new SimpleMeterRegistry());
    private static final WireDecoder DECODER = new WireDecoder(CODECS, r -> { }, new SimpleMeterRegistry());
    private static final List<MessageType<?>> TYPES = List.copyOf(CODECS.registry().types());

    @Property(tries = 60)
    void everyMessageTypeRoundTripsThroughEveryCodecAndCompression(@ForAll("oneOfEveryType") List<Object> payloads) {
        assertThat(payloads).hasSize(TYPES.size());
        for (Object payload : payloads) {
            Envelope<Object> sent = new Envelope<>("msg-1", MessageNames.of(payload.getClass()), "corr-1", "cause-0",
                    "collections", "balance", Instant.ofEpochSecond(1_737_905_400L, 123_456_789), payload);
            for (CodecId codec : CodecId.values()) {
                for (CompressionId compression : CompressionId.values()) {
                    WireSettings settings = new WireSettings(codec, compression, 1, BatchSettings.disabled());
                    byte[] frame = ENCODER.encode(sent, settings);
                    DecodeOutcome outcome = DECODER.decode(frame);
                    assertThat(outcome).as("%s via %s/%s", sent.type(), codec, compression)
                            .isInstanceOf(DecodeOutcome.Decoded.class);
                    Envelope<Object> received = ((DecodeOutcome.Decoded) outcome).envelope();
                    assertThat(received).as("%s via %s/%s", sent.type(), codec, compression).isEqualTo(sent);
                }
            }
        }
    }

    @Provide
    @SuppressWarnings({"unchecked", "rawtypes"})
    Arbitrary<List<Object>> oneOfEveryType() {
        List<Arbitrary<Object>> each = new ArrayList<>();
        for (MessageType<?> type : TYPES) {
            each.add(ValidPlatformRecords.of(type.recordClass()));
        }
        return (Arbitrary) Combinators.combine((List) each).as(values -> List.copyOf((List<Object>) values));
    }
}
