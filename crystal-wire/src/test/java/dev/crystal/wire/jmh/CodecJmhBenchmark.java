package dev.crystal.wire.jmh;

import dev.crystal.wire.Codec;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.sample.SampleMessages;
import dev.crystal.wire.sample.SettlementTestMessage;
import java.util.concurrent.TimeUnit;
import org.apache.fory.Fory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.config.Language;
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
 * Codec candidates for the wire default, on the seed's test message and its large variant:
 * the hand-written binary codec, Apache Fory with class registration required (schema-consistent
 * and compatible modes), Jackson JSON and Jackson YAML. Body only, no frame.
 * Run: see docs/benchmarks.md "## Codecs (issue 4)". State is per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecJmhBenchmark {

    @Param({"binary", "fory", "fory-compatible", "json", "yaml"})
    public String codec;

    @Param({"seed", "large"})
    public String message;

    private Codec candidate;
    private SettlementTestMessage payload;
    private byte[] encoded;

    @Setup(Level.Trial)
    public void setUp() {
        payload = message.equals("seed") ? SampleMessages.seed() : SampleMessages.large();
        CodecSet codecs = CodecSet.standard(MessageTypeRegistry.of(SampleMessages.CATALOG), DecoderLimits.defaults());
        candidate = switch (codec) {
            case "binary" -> codecs.codec(CodecId.BINARY);
            case "json" -> codecs.codec(CodecId.JSON);
            case "yaml" -> codecs.codec(CodecId.YAML);
            case "fory" -> new ForyCandidate(CompatibleMode.SCHEMA_CONSISTENT);
            case "fory-compatible" -> new ForyCandidate(CompatibleMode.COMPATIBLE);
            default -> throw new IllegalArgumentException(codec);
        };
        encoded = candidate.encode(payload);
        if (!candidate.decode(encoded, SettlementTestMessage.class).equals(payload)) {
            throw new IllegalStateException(codec + " does not round-trip");
        }
        System.out.printf("%nSIZE codec=%s message=%s bytes=%d%n", codec, message, encoded.length);
    }

    @Benchmark
    public byte[] encode() {
        return candidate.encode(payload);
    }

    @Benchmark
    public Object decode() {
        return candidate.decode(encoded, SettlementTestMessage.class);
    }

    @Benchmark
    public Object roundTrip() {
        return candidate.decode(candidate.encode(payload), SettlementTestMessage.class);
    }

    /** Apache Fory with every class registered and registration required; one instance per benchmark thread. */
    static final class ForyCandidate implements Codec {
        private final Fory fory;

        ForyCandidate(CompatibleMode mode) {
            fory = Fory.builder()
                    .withLanguage(Language.JAVA)
                    .requireClassRegistration(true)
                    .withRefTracking(false)
                    .withCompatibleMode(mode)
                    .build();
            fory.register(SettlementTestMessage.class);
            fory.register(SettlementTestMessage.Metadata.class);
            fory.register(SettlementTestMessage.AuditTrail.class);
        }

        @Override
        public CodecId id() {
            return CodecId.BINARY;
        }

        @Override
        public byte[] encode(Object message) {
            return fory.serialize(message);
        }

        @Override
        public <T> T decode(byte[] body, Class<T> type) {
            return type.cast(fory.deserialize(body));
        }
    }
}
