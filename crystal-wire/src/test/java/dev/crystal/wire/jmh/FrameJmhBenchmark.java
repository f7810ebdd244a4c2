package dev.crystal.wire.jmh;

import dev.crystal.runtime.Envelope;
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.RejectedFrameSink;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettings;
import dev.crystal.wire.sample.SampleMessages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole wire path for one message: validate, encode, compress (LZ4 at the 1 KiB default
 * threshold), frame; then read, restore, decode, validate. State is per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameJmhBenchmark {

    @Param({"BINARY", "JSON"})
    public CodecId codec;

    @Param({"seed", "large"})
    public String message;

    private WireEncoder encoder;
    private WireDecoder decoder;
    private Envelope<?> envelope;
    private WireSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
        CodecSet codecs = CodecSet.standard(MessageTypeRegistry.of(SampleMessages.CATALOG), DecoderLimits.defaults());
        encoder = new WireEncoder(codecs, new SimpleMeterRegistry());
        decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), new SimpleMeterRegistry());
        envelope = new Envelope<>("msg_1", SampleMessages.TYPE, "corr_1234567890", null, "collections", "balance",
                Instant.parse("2025-01-26T15:30:00Z"), message.equals("seed") ? SampleMessages.seed() : SampleMessages.large());
        settings = new WireSettings(codec, CompressionId.LZ4, WireSettings.DEFAULT_COMPRESSION_THRESHOLD,
                BatchSettings.disabled());
        byte[] frame = encoder.encode(envelope, settings);
        if (!(decoder.decode(frame) instanceof DecodeOutcome.Decoded)) {
            throw new IllegalStateException("frame does not decode");
        }
        System.out.printf("%nSIZE frame codec=%s message=%s bytes=%d%n", codec, message, frame.length);
    }

    @Benchmark
    public DecodeOutcome frameRoundTrip() {
        return decoder.decode(encoder.encode(envelope, settings));
    }
}
