package dev.crystal.wire.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.runtime.Envelope;
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.FrameReader;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.RejectedFrameSink;
import dev.crystal.wire.WireDecoder;
import dev.crystal.wire.WireEncoder;
import dev.crystal.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code crystal bench codecs}: the seed's MessagePerformanceBenchmark done honestly. For the seed's
 * test message and a large variant, measures encode, decode and round-trip time and the body and
 * frame sizes per codec, without compression and with LZ4 and zstd, and prints a table (or JSON
 * with {@code --json}). A quick, single-threaded loop for operators; the JMH benchmarks in the
 * test sources give the published figures. Each instance is used by one thread.
 */
public final class CodecBenchmark {

    /**
     * One measured configuration.
     *
     * @param message          {@code seed} or {@code large}
     * @param codec            codec
     * @param compression      compression requested
     * @param applied          compression actually applied (NONE when it would not shrink the body)
     * @param bodyBytes        encoded body size before compression
     * @param frameBytes       whole frame size as sent
     * @param encodeNanos      mean time to validate, encode, compress and frame one message
     * @param decodeNanos      mean time to read, restore, decode and validate one frame
     * @param roundTripNanos   mean time for both
     */
    public record Row(String message, CodecId codec, CompressionId compression, CompressionId applied, int bodyBytes,
                      int frameBytes, double encodeNanos, double decodeNanos, double roundTripNanos) {
    }

    /**
     * How long to measure.
     *
     * @param warmupIterations   iterations run and discarded per configuration
     * @param measuredIterations iterations timed per configuration
     */
    public record Options(int warmupIterations, int measuredIterations) {
        public Options {
            if (warmupIterations < 0 || measuredIterations < 1) {
                throw new IllegalArgumentException("iterations must be positive");
            }
        }

        /** 20 000 warm-up and 50 000 measured iterations (about 30 s in all). */
        public static Options defaults() {
            return new Options(20_000, 50_000);
        }
    }

    private final CodecSet codecs;
    private final WireEncoder encoder;
    private final WireDecoder decoder;
    private long sink;

    /** A benchmark over the test messages' own registry. */
    public CodecBenchmark() {
        this.codecs = CodecSet.standard(MessageTypeRegistry.of(BenchMessages.CATALOG), DecoderLimits.defaults());
        this.encoder = new WireEncoder(codecs, new SimpleMeterRegistry());
        this.decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), new SimpleMeterRegistry());
    }

    /** Runs every configuration and returns one row each. */
    public List<Row> run(Options options) {
        List<Row> rows = new ArrayList<>();
        for (String message : List.of("seed", "large")) {
            SettlementTestMessage payload = message.equals("seed") ? BenchMessages.seed() : BenchMessages.large();
            Envelope<SettlementTestMessage> envelope = new Envelope<>("msg_1", BenchMessages.TYPE, "corr_1234567890",
                    null, "collections", "balance", Instant.parse("2025-01-26T15:30:00Z"), payload);
            for (CodecId codec : CodecId.values()) {
                for (CompressionId compression : CompressionId.values()) {
                    rows.add(measure(message, envelope, new WireSettings(codec, compression, 1, BatchSettings.disabled()),
                            options));
                }
            }
        }
        return rows;
    }

    private Row measure(String message, Envelope<?> envelope, WireSettings settings, Options options) {
        byte[] frame = encoder.encode(envelope, settings);
        if (!(decoder.decode(frame) instanceof DecodeOutcome.Decoded decoded)
                || !decoded.envelope().payload().equals(envelope.payload())) {
            throw new IllegalStateException(settings + " does not round-trip the " + message + " message");
        }
        var header = new FrameReader(codecs.limits()).read(frame);
        for (int i = 0; i < options.warmupIterations(); i++) {
            sink += encoder.encode(envelope, settings).length;
            sink += decoder.decode(frame).hashCode();
        }
        int n = options.measuredIterations();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += encoder.encode(envelope, settings).length;
        }
        long encoded = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += decoder.decode(frame).hashCode();
        }
        long decodedAt = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += decoder.decode(encoder.encode(envelope, settings)).hashCode();
        }
        long end = System.nanoTime();
        return new Row(message, settings.codec(), settings.compression(), header.compression(),
                header.uncompressedLength(), frame.length, (encoded - start) / (double) n,
                (decodedAt - encoded) / (double) n, (end - decodedAt) / (double) n);
    }

    /** The rows as an aligned table. */
    public static void printTable(List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "%-6s %-7s %-12s %-8s %10s %11s %12s %12s %14s%n", "msg", "codec", "compression",
                "applied", "body (B)", "frame (B)", "encode (ns)", "decode (ns)", "round (ns)");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "%-6s %-7s %-12s %-8s %10d %11d %12.0f %12.0f %14.0f%n", row.message(),
                    lower(row.codec()), lower(row.compression()), lower(row.applied()), row.bodyBytes(),
                    row.frameBytes(), row.encodeNanos(), row.decodeNanos(), row.roundTripNanos());
        }
    }

    /** The rows as a JSON array. */
    public static String toJson(List<Row> rows) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write benchmark rows as JSON", e);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Command line: {@code [--json] [--warmup N] [--iterations N]}.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        boolean json = false;
        Options defaults = Options.defaults();
        int warmup = defaults.warmupIterations();
        int iterations = defaults.measuredIterations();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: crystal bench codecs [--json] [--warmup N] [--iterations N]");
                    System.exit(2);
                }
            }
        }
        CodecBenchmark benchmark = new CodecBenchmark();
        List<Row> rows = benchmark.run(new Options(warmup, iterations));
        if (json) {
            System.out.println(toJson(rows));
        } else {
            System.out.println("crystal bench codecs: mean per message, one thread; frame = header + body as sent");
            printTable(rows, System.out);
        }
        if (benchmark.sink == 42) {
            System.out.println();
        }
    }
}
