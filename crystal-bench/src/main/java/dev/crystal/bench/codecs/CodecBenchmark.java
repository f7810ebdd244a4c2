package dev.crystal.bench.codecs;

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
import dev.crystal.wire.sample.SampleMessages;
import dev.crystal.wire.sample.SettlementTestMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
     * @param encodeNanos      mean CPU time to validate, encode, compress and frame one message
     * @param decodeNanos      mean CPU time to read, restore, decode and validate one frame
     * @param roundTripNanos   mean CPU time for both
     */
    public record Row(String message, CodecId codec, CompressionId compression, CompressionId applied, int bodyBytes,
                      int frameBytes, double encodeNanos, double decodeNanos, double roundTripNanos) {
    }

    /**
     * How long to measure each configuration.
     *
     * @param warmupMillis  time run and discarded per configuration
     * @param measureMillis time measured per operation (encode, decode, round trip) and configuration
     */
    public record Options(long warmupMillis, long measureMillis) {
        public Options {
            if (warmupMillis < 0 || measureMillis < 1) {
                throw new IllegalArgumentException("warmupMillis must be >= 0 and measureMillis >= 1");
            }
        }

        /**
         * 1 s warm-up (the JIT needs it on a busy machine) and 300 ms per operation: about 35 s for
         * all 18 configurations.
         */
        public static Options defaults() {
            return new Options(1000, 300);
        }
    }

    private final CodecSet codecs;
    private final WireEncoder encoder;
    private final WireDecoder decoder;
    // written after every measured call so the JIT cannot drop the work being timed
    private long sink;

    /** A benchmark over the test messages' own registry. */
    public CodecBenchmark() {
        this.codecs = CodecSet.standard(MessageTypeRegistry.of(SampleMessages.CATALOG), DecoderLimits.defaults());
        this.encoder = new WireEncoder(codecs, new SimpleMeterRegistry());
        this.decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), new SimpleMeterRegistry());
    }

    /**
     * Runs every configuration and returns one row each. All configurations are warmed up first,
     * so the JIT has compiled the shared code paths before anything is measured.
     */
    public List<Row> run(Options options) {
        return run(options, step -> { });
    }

    /**
     * As {@link #run(Options)}, telling {@code progress} what it is doing (warm-up, then each configuration).
     *
     * @param options  warm-up and measurement time per configuration
     * @param progress receives one line per step, e.g. {@code measuring 3/18: seed cbor lz4}
     * @return one row per configuration
     */
    public List<Row> run(Options options, Consumer<String> progress) {
        List<String> names = new ArrayList<>();
        List<Envelope<SettlementTestMessage>> envelopes = new ArrayList<>();
        List<WireSettings> settings = new ArrayList<>();
        for (String message : List.of("seed", "large")) {
            SettlementTestMessage payload = message.equals("seed") ? SampleMessages.seed() : SampleMessages.large();
            Envelope<SettlementTestMessage> envelope = new Envelope<>("msg_1", SampleMessages.TYPE, "corr_1234567890",
                    null, "collections", "balance", Instant.parse("2025-01-26T15:30:00Z"), payload);
            for (CodecId codec : CodecId.values()) {
                for (CompressionId compression : CompressionId.values()) {
                    names.add(message);
                    envelopes.add(envelope);
                    settings.add(new WireSettings(codec, compression, 1, BatchSettings.disabled()));
                }
            }
        }
        progress.accept(String.format(Locale.ROOT, "warming up %d configurations (%d ms each, about %d s)",
                names.size(), options.warmupMillis(), names.size() * options.warmupMillis() / 1000
                        + names.size() * 3 * options.measureMillis() / 1000));
        for (int i = 0; i < names.size(); i++) {
            Envelope<?> envelope = envelopes.get(i);
            WireSettings setting = settings.get(i);
            timed(options.warmupMillis(), () -> sink += decoded(decoder.decode(encoder.encode(envelope, setting))));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            progress.accept(String.format(Locale.ROOT, "measuring %d/%d: %s %s %s", i + 1, names.size(), names.get(i),
                    lower(settings.get(i).codec()), lower(settings.get(i).compression())));
            rows.add(measure(names.get(i), envelopes.get(i), settings.get(i), options));
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
        double encode = timed(options.measureMillis(), () -> sink += encoder.encode(envelope, settings).length);
        double decode = timed(options.measureMillis(), () -> sink += decoded(decoder.decode(frame)));
        double roundTrip = timed(options.measureMillis(),
                () -> sink += decoded(decoder.decode(encoder.encode(envelope, settings))));
        return new Row(message, settings.codec(), settings.compression(), header.compression(),
                header.uncompressedLength(), frame.length, encode, decode, roundTrip);
    }

    private static int decoded(DecodeOutcome outcome) {
        return outcome instanceof DecodeOutcome.Decoded ? 1 : 0;
    }

    /**
     * Runs {@code operation} in chunks of 64 until {@code millis} of wall time have passed and returns
     * the mean thread CPU nanoseconds per call, which other processes on a shared machine do not
     * inflate (wall time when the JVM cannot measure thread CPU time).
     */
    private static double timed(long millis, Runnable operation) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long budget = millis * 1_000_000L;
        long wallStart = System.nanoTime();
        long start = cpu ? threads.getCurrentThreadCpuTime() : wallStart;
        long calls = 0;
        do {
            for (int i = 0; i < 64; i++) {
                operation.run();
            }
            calls += 64;
        } while (System.nanoTime() - wallStart < budget);
        long end = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        return (end - start) / (double) calls;
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
     * Command line: {@code [--json] [--warmup-ms N] [--measure-ms N]}.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        boolean json = false;
        Options defaults = Options.defaults();
        long warmup = defaults.warmupMillis();
        long measure = defaults.measureMillis();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--warmup-ms" -> warmup = Long.parseLong(args[++i]);
                case "--measure-ms" -> measure = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: crystal bench codecs [--json] [--warmup-ms N] [--measure-ms N]");
                    System.exit(2);
                }
            }
        }
        CodecBenchmark benchmark = new CodecBenchmark();
        List<Row> rows = benchmark.run(new Options(warmup, measure));
        if (json) {
            System.out.println(toJson(rows));
        } else {
            System.out.println("crystal bench codecs: mean thread CPU time per message, one thread; "
                    + "frame = header + body as sent");
            printTable(rows, System.out);
        }
    }
}
